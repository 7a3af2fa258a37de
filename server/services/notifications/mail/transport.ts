import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../../../config';
import type { MailContent } from './render';

export interface Envelope extends MailContent {
  to: { name: string; address: string };
  /** `"Name" <address>`; without it a reply goes to the programme office, when one is set (MAIL_REPLY_TO). */
  replyTo?: string;
}

/** Where messages go: an SMTP server, or files when none is configured. */
export interface MailTransport {
  /** For the start-up banner; never shows a password. */
  readonly description: string;
  /** Where replies go when a message does not say (the programme office, MAIL_REPLY_TO). */
  readonly replyTo?: string;
  /** Delivers one message, or rejects (the worker retries later); resolves to the file written, if any. */
  send(mail: Envelope): Promise<string | undefined>;
  close(): void;
}

export type MailSettings = Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailDir'> & Partial<Pick<Config, 'mailReplyTo'>>;

export function createMailTransport(settings: MailSettings): MailTransport {
  const defaults = { from: settings.mailFrom, ...(settings.mailReplyTo ? { replyTo: settings.mailReplyTo } : {}) };
  return settings.smtpUrl ? smtpTransport(settings.smtpUrl, defaults) : fileTransport(settings.mailDir, defaults);
}

/** What every message carries unless it says otherwise: the sender, and where replies go. */
interface Defaults {
  from: string;
  replyTo?: string;
}

function smtpTransport(url: string, defaults: Defaults): MailTransport {
  // nodemailer's socket timeout is 10 minutes by default; a stuck server must not hold the worker that long.
  const transporter = nodemailer.createTransport(
    { url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
    defaults,
  );
  const shown = new URL(url);
  return {
    description: `sent through ${shown.protocol}//${shown.host}`,
    replyTo: defaults.replyTo,
    async send(mail) {
      await transporter.sendMail(mail);
      return undefined;
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL: each message becomes an .eml file that any mail program opens. */
function fileTransport(dir: string, defaults: Defaults): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }, defaults);
  return {
    description: `written as .eml files to ${dir} (set SMTP_URL to send them)`,
    replyTo: defaults.replyTo,
    async send(mail) {
      const { message } = await transporter.sendMail(mail);
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(
        dir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(3).toString('hex')}.eml`,
      );
      await fs.writeFile(file, message as Buffer, { mode: 0o600 });
      return file;
    },
    close: () => transporter.close(),
  };
}
