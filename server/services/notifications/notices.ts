import type { Types } from 'mongoose';
import { Notification, type ShownNotice } from '../../../models/notification';
import { User } from '../../../models/user';
import { rememberedNotices, userChanged } from '../../auth/signin-memory';
import { derivedId } from '../../lib/derived-id';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { insertMissing } from '../../lib/insert-missing';
import { queueMail, recipientOf, type ReplyTo } from './mail/outbox';

type Id = Types.ObjectId | string;

/**
 * Tells a user something: shown on their pages (`notifications.<kind>`) and sent by email
 * in their language (`mail.<kind>`: a kind without mail texts of its own is mailed with its
 * in-app sentence under a general subject, so every new kind reaches the inbox).
 */
export async function notify(
  user: Id,
  kind: string,
  params: Record<string, string | number> = {},
  link?: string,
): Promise<void> {
  await notifyMany([user], kind, params, link);
}

/** A notice written on behalf of a step of a multi-step write, keyed by that step. */
export interface KeyedNotice {
  key: string;
  user: Types.ObjectId;
  kind: string;
  params: Record<string, string | number>;
  link?: string;
  /** Where a reply to its mail goes (a staff member who wrote it); else the programme office. */
  replyTo?: ReplyTo;
}

/**
 * Writes the notices and queues their mail, each once however often it is asked: a notice's
 * `_id` comes from its step's key and its user, and its mail's from the notice, so a re-run after
 * a crash writes nothing twice. Mail queued again after it was sent is dropped by the worker,
 * which sends only for a notice not mailed yet.
 */
export async function notifyKeyed(notices: readonly KeyedNotice[]): Promise<void> {
  if (notices.length === 0) return;
  const docs = notices.map(({ key, replyTo, ...notice }) => ({
    ...notice,
    replyTo,
    _id: derivedId(key, 'notice', String(notice.user)),
  }));
  await insertMissing(
    Notification,
    docs.map(({ replyTo: _replyTo, ...notice }) => notice),
    true,
  );
  await userChanged(idsOf(docs, 'user'), 'notices');
  const recipients = await findByIds(User, idsOf(docs, 'user'), { email: 1, name: 1, locale: 1, active: 1 });
  await queueMail(
    ...docs.flatMap((notice) => {
      const user = recipients.get(String(notice.user));
      const { _id: notification, kind, params, link, replyTo } = notice;
      return user?.active
        ? [
            {
              _id: derivedId(String(notification), 'mail'),
              to: recipientOf(user),
              kind,
              params,
              link,
              notification,
              replyTo,
            },
          ]
        : [];
    }),
  );
}

export async function notifyMany(
  users: Id[],
  kind: string,
  params: Record<string, string | number> = {},
  link?: string,
  options: { replyTo?: ReplyTo } = {},
): Promise<void> {
  if (users.length === 0) return;
  const notices = await Notification.insertMany(users.map((user) => ({ user, kind, params, link })));
  await userChanged(users, 'notices');
  const recipients = await findByIds(User, users, { email: 1, name: 1, locale: 1, active: 1 });
  await queueMail(
    ...notices.flatMap((notice) => {
      const user = recipients.get(String(notice.user));
      return user?.active
        ? [{ to: recipientOf(user), kind, params, link, notification: notice._id, replyTo: options.replyTo }]
        : [];
    }),
  );
}

/** The header shows up to this many unread notices, then "9+". */
export const unreadCountCap = 9;

/** Unread notices of a user, counted up to one more than the header shows: an indexed equality, never a scan. */
export async function countUnread(user: Id): Promise<number> {
  const unread = await Notification.find({ user, unread: true }, { _id: 1 })
    .limit(unreadCountCap + 1)
    .lean();
  return unread.length;
}

/** How many of their latest notices a user's pages show. */
const shownNotices = 20;

/**
 * The user's latest notices, newest first; those shown become read (each keeps its `unread` flag
 * for this showing). Held once all are read, until the next notice (auth/signin-memory.ts).
 */
export function readNotifications(user: Id): Promise<readonly ShownNotice[]> {
  return rememberedNotices(String(user), () => readAndMark(user));
}

async function readAndMark(user: Id): Promise<readonly ShownNotice[]> {
  const list = await Notification.find({ user }).sort({ createdAt: -1 }).limit(shownNotices).lean<ShownNotice[]>();
  const unread = list.filter((n) => n.unread);
  if (unread.length > 0) {
    const readAt = new Date();
    await Notification.bulkWrite(
      unread.map((n) => ({ updateOne: { filter: { _id: n._id }, update: { $set: { unread: false, readAt } } } })),
    );
    await userChanged(user, 'notices');
  }
  return Object.freeze(list);
}
