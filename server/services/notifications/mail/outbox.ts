import { EventEmitter } from 'node:events';
import type { Types } from 'mongoose';
import { MailMessage } from '../../../../models/mail-message';
import type { Locale } from '../../../i18n/index';
import { insertMissing } from '../../../lib/insert-missing';

export interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

/** Who a reply goes to. */
export type ReplyTo = Pick<Recipient, 'name' | 'email'>;

export interface QueuedMail {
  /** Given when the message must be queued once however often it is asked (a keyed notice's mail). */
  _id?: Types.ObjectId;
  to: Recipient;
  /** Selects the texts `mail.<kind>` (subject, body, action). */
  kind: string;
  params?: Record<string, string | number>;
  /** A path of the app; the message shows it as an absolute link on BASE_URL. */
  link?: string;
  notification?: Types.ObjectId;
  /** Where a reply goes: the staff member who wrote it (else the programme office, mail/worker.ts). */
  replyTo?: ReplyTo | string;
}

/** A reply address as the outbox stores it (`"Name" <address>`, the name quoted as RFC 5322 asks). */
export function replyAddress(to: ReplyTo | string | undefined): string | undefined {
  if (!to || typeof to === 'string') return to || undefined;
  return `"${to.name.replace(/["\\\r\n]/g, ' ')}" <${to.email}>`;
}

/** Tells a worker in this process that there is mail to send, so it need not wait for its next poll. */
export const outboxSignal = new EventEmitter();

export function recipientOf(user: { email: string; name: string; locale?: string | null }): Recipient {
  return { email: user.email, name: user.name, locale: user.locale === 'en' ? 'en' : 'ko' };
}

/** Puts messages in the outbox (a message whose `_id` is there already stays as it is); the mail worker of any instance sends each once. */
export async function queueMail(...mails: QueuedMail[]): Promise<void> {
  if (mails.length === 0) return;
  await insertMissing(
    MailMessage,
    mails.map((m) => ({
      ...(m._id ? { _id: m._id } : {}),
      to: m.to.email,
      name: m.to.name,
      locale: m.to.locale,
      kind: m.kind,
      params: m.params ?? {},
      link: m.link,
      notification: m.notification,
      replyTo: replyAddress(m.replyTo),
    })),
    true,
  );
  outboxSignal.emit('queued');
}
