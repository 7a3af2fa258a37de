import type { i18n } from 'i18next';
import { MailClaim } from '../../../../models/mail-claim';
import { MailMessage, type MailMessageDoc } from '../../../../models/mail-message';
import { Notification } from '../../../../models/notification';
import { wroteFirst } from '../../../lib/duplicate-key';
import type { Logger } from '../../../logger';
import { officeReplyTo } from '../programme-contact';
import { outboxSignal } from './outbox';
import { renderMail } from './render';
import type { MailTransport } from './transport';

export interface MailWorkerOptions {
  transport: MailTransport;
  i18n: i18n;
  baseUrl: string;
  logger?: Logger;
  /** Called with a line per message written to a file (development: the link to click). */
  announce?: (line: string) => void;
  pollMs?: number;
  batchSize?: number;
  /** Attempts before a message is marked failed; a permanent SMTP refusal (5xx) fails at once. */
  maxAttempts?: number;
  /** Wait before the second attempt; each later one waits twice as long, up to an hour. */
  retryBaseMs?: number;
  /** A claim older than this belongs to a worker that died while sending. */
  leaseMs?: number;
}

export interface PassResult {
  sent: number;
  retried: number;
  failed: number;
  /** Messages another worker had claimed. */
  skipped: number;
}

export interface MailWorker {
  /** Sends what is due now; safe to run in any number of workers at once. */
  runOnce(now?: Date): Promise<PassResult>;
  start(): void;
  /** Stops polling and waits for the message being sent. */
  stop(): Promise<void>;
}

type Outcome = keyof PassResult;

function describe(err: unknown): { message: string; permanent: boolean } {
  const code = (err as { responseCode?: unknown }).responseCode;
  return {
    message: err instanceof Error ? err.message.slice(0, 500) : String(err),
    permanent: typeof code === 'number' && code >= 500,
  };
}

/**
 * Drains the outbox. Every attempt at a message is claimed by inserting MailClaim
 * `<id>:<attempt>` (unique `_id`), then the message is read again: only the worker whose
 * insert succeeded for the attempt the message is still at sends it. On success the
 * message is deleted before its claims, so a worker that read it earlier finds it gone.
 * Whoever holds the claim alone writes the message until the attempt ends.
 */
export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { transport, i18n, baseUrl, logger, announce } = options;
  const pollMs = options.pollMs ?? 5_000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const leaseMs = options.leaseMs ?? 10 * 60_000;

  /** A worker stopped mid-send may have delivered it: mark it failed rather than risk a second copy. */
  async function giveUpOnStaleClaim(message: MailMessageDoc, claimId: string, now: Date): Promise<void> {
    const claim = await MailClaim.findById(claimId).lean();
    if (!claim || now.getTime() - claim.claimedAt.getTime() < leaseMs) return;
    await MailMessage.updateOne(
      { _id: message._id, attempts: message.attempts, state: 'pending' },
      { $set: { state: 'failed', lastError: 'interrupted while sending; not retried, as it may have been delivered' } },
    );
    logger?.warn({ mail: String(message._id) }, 'mail claim expired; message marked failed');
  }

  async function attempt(message: MailMessageDoc, now: Date, office: string | undefined): Promise<Outcome> {
    const claimId = `${String(message._id)}:${message.attempts}`;
    if (!(await wroteFirst(MailClaim.create({ _id: claimId, message: message._id, claimedAt: now })))) {
      await giveUpOnStaleClaim(message, claimId, now);
      return 'skipped';
    }
    const current = await MailMessage.findById(message._id).lean();
    if (!current || current.state !== 'pending' || current.attempts !== message.attempts) return 'skipped';
    // A keyed notice's mail queued again by a re-run after it was sent (notices.ts, notifyKeyed) is not sent twice.
    if (
      current.notification &&
      (await Notification.exists({ _id: current.notification, mailedAt: { $exists: true } }))
    ) {
      await MailMessage.deleteOne({ _id: current._id });
      await MailClaim.deleteMany({ message: current._id });
      return 'skipped';
    }

    try {
      // A staff member's message takes replies to them; any other to the programme office (its contact page, else MAIL_REPLY_TO).
      const replyTo = current.replyTo ?? office ?? transport.replyTo;
      const { url, ...content } = renderMail(i18n, baseUrl, {
        ...current,
        locale: current.locale === 'en' ? 'en' : 'ko',
        replyTo,
      });
      const file = await transport.send({
        to: { name: current.name, address: current.to },
        ...content,
        ...(replyTo ? { replyTo } : {}),
      });
      await MailMessage.deleteOne({ _id: current._id });
      await MailClaim.deleteMany({ message: current._id });
      if (current.notification)
        await Notification.updateOne({ _id: current.notification }, { $set: { mailedAt: new Date() } });
      if (file) announce?.(`✉  ${current.to} · ${content.subject}\n   ${file}${url ? `\n   ${url}` : ''}`);
      return 'sent';
    } catch (err) {
      const { message: lastError, permanent } = describe(err);
      const attempts = current.attempts + 1;
      const failed = permanent || attempts >= maxAttempts;
      const delay = Math.min(retryBaseMs * 2 ** (attempts - 1), 3600_000);
      await MailMessage.updateOne(
        { _id: current._id },
        {
          $set: {
            attempts,
            lastError,
            state: failed ? 'failed' : 'pending',
            nextAttemptAt: new Date(Date.now() + delay),
          },
        },
      );
      if (failed) await MailClaim.deleteMany({ message: current._id });
      logger?.warn(
        { mail: String(current._id), attempts, err: lastError, failed },
        failed ? 'mail failed; giving up' : 'mail failed; will retry',
      );
      return failed ? 'failed' : 'retried';
    }
  }

  async function runOnce(now = new Date()): Promise<PassResult> {
    const result: PassResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    // `state` is an indexed equality: sent mail is deleted, failed mail is not read again.
    const due = await MailMessage.find({ state: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(batchSize)
      .lean();
    const office = due.length ? await officeReplyTo() : undefined;
    for (const message of due) result[await attempt(message, now, office)] += 1;
    return result;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  function schedule(ms: number): void {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(pass, ms).unref();
  }

  function pass(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        // A full batch means more may be waiting.
        while (!stopped) {
          const r = await runOnce();
          if (r.sent + r.retried + r.failed < batchSize) break;
        }
      } catch (err) {
        logger?.error({ err }, 'mail worker pass failed');
      }
    })().finally(() => {
      running = undefined;
      schedule(again ? 0 : pollMs);
      again = false;
    });
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      outboxSignal.on('queued', pass);
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      outboxSignal.off('queued', pass);
      await running;
      transport.close();
    },
  };
}
