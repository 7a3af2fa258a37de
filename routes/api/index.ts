import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../server/config';
import { changesPageOf } from '../../server/api/changes';
import { listCourses, showCourse } from '../../server/api/courses';
import { openApiDocument, type ApiOperation } from '../../server/api/openapi';
import { apiErrors, apiNotFound, ApiProblem, problems } from '../../server/api/problem';
import * as programme from '../../server/api/programme';
import * as schemas from '../../server/api/schemas';
import { tokenGuard } from '../../server/api/token-auth';
import * as tokenSchemas from '../../server/api/token-schemas';
import type { ApiScope } from '../../models/api-token';
import type { HeldToken } from '../../server/services/api-tokens/held';
import { verifyCertificate } from '../../server/services/certificates/records';
import { catalogSnapshot } from '../../server/services/course-base/catalog-snapshot';
import { programmeFigureRows } from '../../server/services/city/dashboard';
import { minimumCell } from '../../server/services/city/disclosure';
import { openFigures, openFiguresCsv } from '../../server/services/city/open-figures';
import { databaseLimiter } from '../../server/services/limits/rate-limit';
import type { SecretAddress } from '../../server/lib/secret-address';
import { isDatabaseAvailable } from '../../server/db/availability';

export const apiBase = '/api/v1';
/** The reference's browser files, from the maintained swagger-ui-dist package. */
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const apiVersion = '1.0.0';
const verifyPath = '/certificates/:code';

/** A certificate's code shows its holder's name to whoever holds it: kept out of logs, like the verify page's. */
export const apiSecretAddresses: SecretAddress[] = [{ path: `${apiBase}${verifyPath}`, params: ['code'] }];

/** Checks against guessing codes: per address, counted in the database so every instance shares it. */
const verifyLimiter = databaseLimiter({ name: 'api-verify', points: 30, minutes: 1 });

type Handler<T, S> = (
  req: Request,
  values: { query: T; params: Record<string, string>; token: S extends ApiScope ? HeldToken : undefined },
) => Promise<unknown>;

/** Refuses what the operation's schemas do not accept, naming each parameter and why. */
function parsed<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'path'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiProblem('bad-request', `The ${where} has parameters the API cannot accept`, {
    invalidParams: result.error.issues.map((issue) => ({
      name: issue.path.length
        ? issue.path.join('.')
        : issue.code === 'unrecognized_keys'
          ? issue.keys.join(', ')
          : where,
      reason: issue.message,
    })),
  });
}

/**
 * The API's operations, each declared once: its route, the schemas it validates with, and what it
 * answers. The router and the OpenAPI document are both made from this list.
 */
function operations(config: Config) {
  type Defined = ApiOperation & {
    handle: Handler<never, ApiScope | undefined>;
    limit?: (req: Request) => Promise<void>;
    /** The data its answers are made from, whose version keeps them (the same object until it changes). */
    keptUnder?: () => Promise<object>;
  };
  const ops: Defined[] = [];
  /**
   * Declares an operation. One with a `token` scope is answered only to a bearer token holding it
   * (token-auth.ts), privately, and never from answers kept for others: its handler gets the token.
   */
  const define = <Q extends z.ZodObject, S extends ApiScope | undefined = undefined>(
    op: Omit<ApiOperation, 'method' | 'query' | 'token'> & {
      query?: Q;
      token?: S;
      keptUnder?: S extends ApiScope ? never : () => Promise<object>;
    },
    handle: Handler<z.infer<Q>, S>,
    limit?: (req: Request) => Promise<void>,
  ) =>
    ops.push({
      ...op,
      method: 'get',
      cache: op.token ? 'private' : op.cache,
      handle: handle as Handler<never, ApiScope | undefined>,
      limit,
    });

  define(
    {
      path: '/courses',
      operationId: 'listCourses',
      summary: 'Public courses, searched and filtered as the catalog does, page by page',
      description:
        "Pages follow a stable order: pass the answer's nextCursor as `cursor` until it is null. A course changed " +
        'meanwhile is never listed twice or skipped by the order `id`.',
      tags: ['courses'],
      query: schemas.courseListQuery,
      answer: schemas.coursePage,
      refusals: [],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    (_req, { query }) => listCourses(query, config.baseUrl),
  );
  define(
    {
      path: '/courses/:id',
      operationId: 'getCourse',
      summary: 'One public course with its sessions',
      tags: ['courses'],
      query: schemas.noQuery,
      params: { id: schemas.courseId },
      answer: schemas.courseDetail,
      refusals: ['not-found'],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    (_req, { params }) => showCourse(params.id!, config.baseUrl),
  );
  define(
    {
      path: '/universities',
      operationId: 'listUniversities',
      summary: "The programme's partner universities",
      tags: ['universities'],
      query: schemas.noQuery,
      answer: schemas.universityList,
      refusals: [],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    async () => ({
      items: (await catalogSnapshot()).universities.map((u) => ({
        id: String(u._id),
        code: u.code,
        name: { ko: u.name.ko, en: u.name.en },
        ...(u.website ? { website: u.website } : {}),
      })),
    }),
  );
  define(
    {
      path: verifyPath,
      operationId: 'verifyCertificate',
      summary: 'Checks a certificate by the code printed on it, showing what the verification page shows',
      description: 'A revoked certificate says so and nothing else; an unknown code is not found. Limited per address.',
      tags: ['certificates'],
      query: schemas.noQuery,
      params: { code: z.string().regex(/^[\w-]{10,64}$/) },
      answer: schemas.verification,
      refusals: ['not-found', 'too-many-requests'],
      cache: 'private',
    },
    async (_req, { params }) => {
      const verification = await verifyCertificate(params.code!);
      if (verification.state === 'unknown') throw new ApiProblem('not-found', 'No certificate has this code');
      return verification.state === 'valid'
        ? { ...verification, issuedAt: verification.issuedAt.toISOString() }
        : verification;
    },
    async (req) => {
      const use = await verifyLimiter.take(req.ip ?? 'unknown');
      if (!use.allowed)
        throw new ApiProblem('too-many-requests', undefined, { retryAfterSeconds: use.retryAfterSeconds });
    },
  );
  define(
    {
      path: '/open-data/figures',
      operationId: 'openFigures',
      summary:
        'Quarterly completions, training hours and trainees by university and track, under the minimum-cell rule',
      description: 'The open figures the city publishes; the fields are explained at /open-data.',
      tags: ['open data'],
      query: schemas.noQuery,
      answer: schemas.openFigures,
      refusals: [],
      cache: 'public',
      keptUnder: programmeFigureRows,
    },
    async () => ({ ...config.openData, minimumCell, items: await openFigures() }),
  );
  define(
    {
      path: '/open-data/figures.csv',
      operationId: 'openFiguresCsv',
      summary: 'The open figures as CSV (UTF-8 with a BOM): a suppressed value is left empty',
      tags: ['open data'],
      query: schemas.noQuery,
      answer: { mediaType: 'text/csv', description: 'quarter,university,track,completions,hours,trainees' },
      refusals: [],
      cache: 'public',
      keptUnder: programmeFigureRows,
    },
    async () => new CsvBody(openFiguresCsv(await openFigures()), 'open-figures.csv'),
  );
  const tokens = { tags: ['with a token'], query: schemas.noQuery, refusals: [], cache: 'private' as const };
  const courseParam = { id: schemas.courseId };
  define(
    {
      ...tokens,
      path: '/figures',
      operationId: 'programmeFigures',
      summary: "The city dashboard's figures, with its breakdowns by university, track, category and quarter",
      description:
        'The same computation as the dashboard (see its definitions). A university token reads its own only.',
      query: tokenSchemas.figuresQuery,
      answer: tokenSchemas.programmeFigures,
      token: 'figures:read',
    },
    (_req, { query, token }) => programme.programmeFigures(token, query),
  );
  define(
    {
      ...tokens,
      path: '/reports',
      operationId: 'listReports',
      summary: 'Completion reports submitted to the city, page by page in id order',
      query: tokenSchemas.reportListQuery,
      answer: tokenSchemas.reportPage,
      token: 'reports:read',
    },
    (_req, { query, token }) => programme.reportList(token, query),
  );
  define(
    {
      ...tokens,
      path: '/reports/:id',
      operationId: 'getReport',
      summary: 'One completion report with its immutable snapshot and content hash',
      params: { id: schemas.objectId.meta({ description: 'A report id' }) },
      answer: tokenSchemas.report,
      refusals: ['not-found'],
      token: 'reports:read',
    },
    (_req, { params, token }) => programme.reportOf(token, params.id!),
  );
  define(
    {
      ...tokens,
      path: '/enrollments',
      operationId: 'listEnrollments',
      summary: 'Counted enrollments, pseudonymous as in the city export, page by page',
      description:
        'In a stable order (course id, then pseudonym): pass nextCursor as `cursor` until it is null. No name, ' +
        'email address or phone number appears, whatever the scopes.',
      query: tokenSchemas.enrollmentQuery,
      answer: tokenSchemas.enrollmentPage,
      token: 'enrollments:read',
    },
    (_req, { query, token }) => programme.enrollmentList(token, query, config.pseudonymKey),
  );
  define(
    {
      ...tokens,
      path: '/outcomes',
      operationId: 'outcomes',
      summary: 'Outcome follow-up tables (employment after 3 and 6 months) under the minimum-cell rule',
      query: tokenSchemas.outcomesQuery,
      answer: tokenSchemas.outcomes,
      token: 'outcomes:read',
    },
    (_req, { query, token }) => programme.outcomesOf(token, query),
  );
  define(
    {
      ...tokens,
      path: '/courses/:id/roster',
      operationId: 'courseRoster',
      summary: "A course's applicants, pseudonymous, for its own university's token",
      params: courseParam,
      answer: tokenSchemas.roster,
      refusals: ['not-found'],
      token: 'roster:read',
    },
    (_req, { params, token }) => programme.rosterOf(token, params.id!, config.pseudonymKey),
  );
  define(
    {
      ...tokens,
      path: '/courses/:id/attendance',
      operationId: 'courseAttendance',
      summary: "A course's attendance marks per session, pseudonymous, for its own university's token",
      params: courseParam,
      answer: tokenSchemas.attendance,
      refusals: ['not-found'],
      token: 'attendance:read',
    },
    (_req, { params, token }) => programme.attendanceOf(token, params.id!, config.pseudonymKey),
  );
  define(
    {
      ...tokens,
      path: '/changes',
      operationId: 'listChanges',
      summary:
        'What happened to enrollments since a cursor, in order: to keep a copy in step without reading it all again',
      description:
        'Every application and every later status step, and every trainee anonymised, oldest first. Start without ' +
        "`after`; pass each answer's nextCursor as `after`: at once while `more` is true, later once caught up. " +
        'A change appears once it is five seconds old, so a reader never passes one that is still being written. ' +
        "A university token sees its own courses' enrollments and the anonymisations of their trainees.",
      query: tokenSchemas.changesQuery,
      answer: tokenSchemas.changesPage,
      token: 'enrollments:read',
    },
    (_req, { query, token }) => changesPageOf(token, query, config.pseudonymKey),
  );
  return ops;
}

/** An answer that is a CSV file rather than JSON. */
class CsvBody {
  constructor(
    readonly text: string,
    readonly filename: string,
  ) {}
}

/** An answer ready to send: JSON text or a CSV file, and its entity tag (made once, however often it is sent). */
interface Sendable {
  body: string | CsvBody;
  etag: string;
}

/** Express's own entity tags (the app's `etag` setting), so a kept answer's tag is the one a fresh one would get. */
type EtagOf = (body: string) => string;

function sendable(body: unknown, etagOf: EtagOf): Sendable {
  const encoded = body instanceof CsvBody ? body : JSON.stringify(body);
  return { body: encoded, etag: etagOf(typeof encoded === 'string' ? encoded : encoded.text) };
}

/** Answers kept per version of the data they are made from: by address, for the minute (a course's shown status follows the clock). */
const keptAnswers = new WeakMap<object, Map<string, Sendable>>();
/** Addresses kept per version: the parameters are free, so the memory is bounded. */
const maxKeptAnswers = 200;

/** The operation's answer, from those kept under its data's current version when it has one. */
async function keptAnswer(
  op: { keptUnder?: () => Promise<object> },
  address: string,
  compute: () => Promise<Sendable>,
): Promise<Sendable> {
  if (!op.keptUnder) return compute();
  const version = await op.keptUnder();
  let kept = keptAnswers.get(version);
  if (!kept) keptAnswers.set(version, (kept = new Map()));
  const key = `${Math.floor(Date.now() / 60_000)} ${address}`;
  let answer = kept.get(key);
  if (answer === undefined) {
    answer = await compute();
    if (kept.size >= maxKeptAnswers) kept.clear();
    kept.set(key, answer);
  }
  return answer;
}

function cacheHeaders(res: Response, cache: ApiOperation['cache']): void {
  res.set('Cache-Control', cache === 'public' ? 'public, max-age=60' : 'private, no-store');
  res.vary('Accept-Encoding');
}

/** Allows the configured origins only: without API_CORS_ORIGINS, no cross-origin header at all. */
function cors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      res.vary('Origin');
    }
    next();
  };
}

/**
 * `/api/v1`: the read-only JSON API (OpenAPI at /api/v1/openapi.json, a reference at /api/docs).
 * Mounted before sessions and CSRF, which it needs neither of; every error is problem+json.
 */
export function apiRoutes(config: Config): Router {
  const ops = operations(config);
  const document = openApiDocument(ops, apiBase, apiVersion);
  const router = Router();

  router.get('/api/docs', (req, res) => {
    res.render('api/docs', { title: req.t('api.docs.title'), problems: Object.entries(problems) });
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));

  const v1 = Router();
  v1.use(cors(config.apiCorsOrigins));
  v1.get('/openapi.json', (_req, res) => {
    cacheHeaders(res, 'public');
    res.json(document);
  });
  const tokenOf = tokenGuard(config.apiTokenRatePerMinute);
  for (const op of ops) {
    const paramsSchema = z.object(op.params ?? {});
    v1.get(op.path, async (req, res) => {
      if (!isDatabaseAvailable()) throw new ApiProblem('unavailable', undefined, { retryAfterSeconds: 5 });
      const token = op.token && (await tokenOf(req, op.token));
      const params = parsed(paramsSchema, req.params, 'path') as Record<string, string>;
      const query = parsed(op.query ?? schemas.noQuery, req.query, 'query') as never;
      await op.limit?.(req);
      const etagOf = req.app.get('etag fn') as EtagOf;
      const answer = async () => sendable(await op.handle(req, { query, params, token }), etagOf);
      // An answer behind a token is made for that token alone: never kept for another.
      const { body, etag } = token ? await answer() : await keptAnswer(op, req.originalUrl, answer);
      cacheHeaders(res, op.cache);
      res.set('ETag', etag);
      if (body instanceof CsvBody) res.type('text/csv; charset=utf-8').attachment(body.filename).send(body.text);
      else res.type('application/json').send(body);
    });
  }
  v1.use(apiNotFound);
  v1.use(apiErrors);
  router.use(apiBase, v1);
  return router;
}
