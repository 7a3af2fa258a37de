import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { pseudonymKey } from './lib/pseudonym';
import { rootDir } from './paths';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  BASE_URL: z.url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().min(1).default(path.join(rootDir, 'data')),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  EXPORT_PSEUDONYM_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  FERRETDB_POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SESSION_STAFF_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_STAFF_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  SESSION_TRAINEE_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 60),
  SESSION_TRAINEE_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:password@host:587 or smtps://host:465')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** The programme office's address, where replies to the app's mail go unless a staff member wrote it. */
  MAIL_REPLY_TO: z.string().min(3).max(200).optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  API_CORS_ORIGINS: z
    .string()
    .regex(
      /^(https?:\/\/[^\s,/]+)(,https?:\/\/[^\s,/]+)*$/,
      'must be origins separated by commas, like https://a.example,https://b.example',
    )
    .optional(),
  OPEN_DATA_LICENCE: z.string().min(3).max(300).optional(),
  OPEN_DATA_ATTRIBUTION: z.string().min(3).max(300).optional(),
  RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(30)
    .default(3 * 365),
  PRIVACY_OFFICER_NAME: z.string().trim().min(2).max(100).optional(),
  PRIVACY_OFFICER_DEPARTMENT: z.string().trim().min(2).max(100).optional(),
  PRIVACY_OFFICER_EMAIL: z.email().optional(),
  PRIVACY_OFFICER_PHONE: z
    .string()
    .regex(/^[0-9+() -]{7,20}$/, 'must be a phone number such as 054-270-0000')
    .optional(),
  PRIVACY_CITY_RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(5),
  CERTIFICATE_SIGNATORY: z.string().trim().min(2).max(120).optional(),
  CERTIFICATE_SEAL_PATH: z.string().min(1).optional(),
});

/** Every environment variable the app reads (the README's configuration table lists each: test/docs/configuration-table.test.ts). */
export const configVariables: readonly string[] = Object.keys(schema.shape);

/**
 * What the privacy notice (개인정보 처리방침) says of who answers for personal data and for how
 * long the city keeps what it is given; shown as configured in both languages, and where a
 * name is unset the notice names the programme office in the reader's language.
 */
export interface PrivacyNoticeConfig {
  officerName: string | undefined;
  officerDepartment: string | undefined;
  officerEmail: string;
  officerPhone: string | undefined;
  /** How many years Pohang City keeps the completion reports it receives (its records schedule). */
  cityRetentionYears: number;
}

/** The certificate's signatory line and the path of its seal image (checked when the app is built: certificates/seal.ts). */
export interface CertificateConfig {
  signatory: string | undefined;
  sealPath: string | undefined;
}

/** How long a signed-in session may go without a request (idle) and last at all (absolute), in ms. */
export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  baseUrl: string;
  mongodbUri: string | undefined;
  dataDir: string;
  sessionSecret: string;
  /** Keys the pseudonymous trainee ids of the city's exports (EXPORT_PSEUDONYM_SECRET, else SESSION_SECRET). */
  pseudonymKey: Buffer;
  logLevel: string;
  seedDemo: boolean;
  trustProxy: boolean;
  /** The PostgreSQL under a FerretDB given as MONGODB_URI, for its equality indexes. */
  ferretdbPostgresUrl: string | undefined;
  dbPoolSize: number;
  sessionLimits: { staff: SessionLimits; trainee: SessionLimits };
  /** SMTP server to send through; unset = messages are written as .eml files to `mailDir`. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The programme office's reply address (MAIL_REPLY_TO), if set. */
  mailReplyTo: string | undefined;
  mailDir: string;
  /** How long requests in flight may take to finish after SIGTERM/SIGINT before their connections are closed. */
  shutdownGraceMs: number;
  /**
   * How long a trainee's personal data is kept after their last sign-in: then the daily job
   * anonymises the account (server/jobs/expire-inactive.ts). Stated to trainees at sign-up.
   */
  retentionDays: number;
  /** Origins whose pages may read the API from a browser (API_CORS_ORIGINS); none by default. */
  apiCorsOrigins: string[];
  /** Requests a minute to the token operations, per token and per address (docs/api.md); tests change it. */
  apiTokenRatePerMinute: number;
  /** The terms the open figures are published under, and the credit their users must give. */
  openData: { licence: string; attribution: string };
  privacyNotice: PrivacyNoticeConfig;
  certificate: CertificateConfig;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

/**
 * Why the app could not write in `dir`, in a sentence naming it, or undefined when it can: `dir`
 * is a directory it may write in, or does not exist yet and can be made (the nearest part of it
 * that exists is such a directory). Read-only file systems and immutable directories refuse root too.
 */
function unwritable(dir: string): string | undefined {
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const said = (why: string) => (existing === dir ? `${dir} ${why}` : `${dir} cannot be created: ${existing} ${why}`);
  const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);
  try {
    if (!fs.statSync(existing).isDirectory()) return said('is not a directory');
  } catch (err) {
    return said(`cannot be read (${code(err)})`);
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch (err) {
    return said(`is not writable (${code(err)})`);
  }
  return undefined;
}

/**
 * The directories the app will write in, each under the setting that places it: DATA_DIR holds
 * the generated development secret (without SESSION_SECRET), the embedded engine's cluster
 * (without MONGODB_URI) and the mail written to files (without SMTP_URL). A directory that is not
 * used is not checked, so an install that sets all three may keep DATA_DIR on a read-only disk.
 */
function checkPaths(c: z.infer<typeof schema>): void {
  const dataDir = path.resolve(c.DATA_DIR);
  const dirs: [setting: string, dir: string][] = [];
  if (!c.SESSION_SECRET) dirs.push(['DATA_DIR', dataDir]);
  if (!c.MONGODB_URI) dirs.push(['DATA_DIR', path.join(dataDir, 'db', 'pg')]);
  if (!c.SMTP_URL) dirs.push(['DATA_DIR', path.join(dataDir, 'mail')]);
  const problems = new Map<string, string>();
  for (const [setting, dir] of dirs) {
    const why = problems.has(setting) ? undefined : unwritable(dir);
    if (why) problems.set(setting, `  ${setting}: ${why}`);
  }
  if (problems.size) throw new ConfigError(`Invalid configuration:\n${[...problems.values()].join('\n')}`);
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and validates the environment once; throws ConfigError naming each bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)');
  }
  const limits = (idleMinutes: number, maxHours: number, name: string): SessionLimits => {
    if (idleMinutes > maxHours * 60)
      throw new ConfigError(
        `Invalid configuration:\n  SESSION_${name}_IDLE_MINUTES: longer than SESSION_${name}_MAX_HOURS`,
      );
    return { idleMs: idleMinutes * 60_000, maxMs: maxHours * 3_600_000 };
  };
  const baseUrl = c.BASE_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`;
  checkPaths(c);
  const sessionSecret = c.SESSION_SECRET ?? readOrCreateSecret(path.resolve(c.DATA_DIR));
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    baseUrl,
    mongodbUri: c.MONGODB_URI,
    dataDir: path.resolve(c.DATA_DIR),
    sessionSecret,
    pseudonymKey: pseudonymKey(c.EXPORT_PSEUDONYM_SECRET ?? sessionSecret),
    logLevel: c.LOG_LEVEL,
    seedDemo: c.SEED_DEMO === 'auto' && c.NODE_ENV !== 'production',
    trustProxy: c.TRUST_PROXY === '1',
    ferretdbPostgresUrl: c.FERRETDB_POSTGRES_URL,
    dbPoolSize: c.DB_POOL_SIZE,
    sessionLimits: {
      staff: limits(c.SESSION_STAFF_IDLE_MINUTES, c.SESSION_STAFF_MAX_HOURS, 'STAFF'),
      trainee: limits(c.SESSION_TRAINEE_IDLE_MINUTES, c.SESSION_TRAINEE_MAX_HOURS, 'TRAINEE'),
    },
    smtpUrl: c.SMTP_URL,
    // A Korean sender name, as Korean mail has: nodemailer encodes it (RFC 2047).
    mailFrom: c.MAIL_FROM ?? `"포항시 이차전지 인재 허브" <no-reply@${new URL(baseUrl).hostname}>`,
    mailReplyTo: c.MAIL_REPLY_TO,
    mailDir: path.join(path.resolve(c.DATA_DIR), 'mail'),
    shutdownGraceMs: c.SHUTDOWN_GRACE_SECONDS * 1000,
    retentionDays: c.RETENTION_DAYS,
    apiCorsOrigins: c.API_CORS_ORIGINS?.split(',') ?? [],
    apiTokenRatePerMinute: 120,
    openData: {
      licence: c.OPEN_DATA_LICENCE ?? '공공누리 제1유형: 출처표시 (KOGL Type 1: Attribution)',
      attribution:
        c.OPEN_DATA_ATTRIBUTION ?? '포항시 이차전지 인력양성 사업 (Pohang City battery workforce-training programme)',
    },
    privacyNotice: {
      officerName: c.PRIVACY_OFFICER_NAME,
      officerDepartment: c.PRIVACY_OFFICER_DEPARTMENT,
      officerEmail: c.PRIVACY_OFFICER_EMAIL ?? `privacy@${new URL(baseUrl).hostname}`,
      officerPhone: c.PRIVACY_OFFICER_PHONE,
      cityRetentionYears: c.PRIVACY_CITY_RETENTION_YEARS,
    },
    certificate: { signatory: c.CERTIFICATE_SIGNATORY, sealPath: c.CERTIFICATE_SEAL_PATH },
  };
}
