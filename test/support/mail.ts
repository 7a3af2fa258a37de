import type { AddressInfo } from 'node:net';
import type { i18n } from 'i18next';
import * as cheerio from 'cheerio';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MailMessage } from '../../models/mail-message';
import { createI18n } from '../../server/i18n';
import { createMailTransport } from '../../server/services/notifications/mail/transport';
import {
  createMailWorker,
  type MailWorker,
  type MailWorkerOptions,
} from '../../server/services/notifications/mail/worker';
import type { TestContext } from './app';

export interface Delivered {
  to: string;
  from: string;
  /** The Reply-To header as written (`"Name" <address>`), or '' without one. */
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** The path of the message's button (`/register/activate/...`), as the recipient would open it. */
  linkPath: string | undefined;
  /** The absolute link as written in the message. */
  link: string | undefined;
}

export interface SmtpSink {
  url: string;
  delivered: Delivered[];
  /** The next `count` messages are refused with this SMTP code (451: try later; 550: never). */
  refuseNext(count: number, code?: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port that keeps every message it accepts, parsed. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const delivered: Delivered[] = [];
  let refusals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const code = refusals.shift();
      simpleParser(stream).then(
        (mail) => {
          if (code) return callback(Object.assign(new Error(`refused for the test (${code})`), { responseCode: code }));
          const html = typeof mail.html === 'string' ? mail.html : '';
          const link = cheerio.load(html)('a[href]').first().attr('href');
          delivered.push({
            to: [mail.to ?? []]
              .flat()
              .flatMap((a) => a.value.map((v) => v.address ?? ''))
              .join(', '),
            from: mail.from?.text ?? '',
            replyTo: mail.replyTo?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html,
            link,
            linkPath: link ? new URL(link).pathname + new URL(link).search : undefined,
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    delivered,
    refuseNext(count, code = 451) {
      refusals = Array.from({ length: count }, () => code);
    },
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

export interface MailContext {
  sink: SmtpSink;
  i18n: i18n;
  worker: MailWorker;
  newWorker(options?: Partial<MailWorkerOptions>): MailWorker;
  /** Runs the worker once and returns the messages delivered by that pass. */
  deliver(): Promise<Delivered[]>;
  /** The latest delivered message to `email`. */
  lastTo(email: string): Delivered | undefined;
}

/** An SMTP sink for the test file and a worker that sends the app's outbox to it (on the app's BASE_URL). */
export function useMail(ctx: TestContext): MailContext {
  const mail = {} as MailContext;
  before(async () => {
    mail.sink = await startSmtpSink();
    mail.i18n = await createI18n();
    mail.newWorker = (options = {}) =>
      createMailWorker({
        transport: createMailTransport({
          smtpUrl: mail.sink.url,
          mailFrom: ctx.config.mailFrom,
          mailDir: ctx.config.mailDir,
          mailReplyTo: ctx.config.mailReplyTo,
        }),
        i18n: mail.i18n,
        baseUrl: ctx.config.baseUrl,
        ...options,
      });
    mail.worker = mail.newWorker();
  });
  after(async () => {
    await mail.worker?.stop();
    await mail.sink?.close();
  });
  mail.deliver = async () => {
    const before = mail.sink.delivered.length;
    await mail.worker.runOnce();
    return mail.sink.delivered.slice(before);
  };
  mail.lastTo = (email) => mail.sink.delivered.filter((m) => m.to === email.toLowerCase()).at(-1);
  return mail;
}

/** The link of the newest message of this kind waiting in the outbox for `email`: what the recipient will click. */
export async function outboxLink(email: string, kind: string): Promise<string> {
  const message = await MailMessage.findOne({ to: email.toLowerCase(), kind }).sort({ createdAt: -1 }).lean();
  if (!message?.link) throw new Error(`no ${kind} mail with a link for ${email} in the outbox`);
  return message.link;
}
