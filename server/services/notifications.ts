import type { Types } from 'mongoose';
import { Notification } from '../../models/notification';

type Id = Types.ObjectId | string;

/**
 * Tells a user something: shown on their pages, and left in the outbox for a mailer.
 * `kind` names the text `notifications.<kind>` in the locales.
 */
export async function notify(user: Id, kind: string, params: Record<string, string | number> = {}, link?: string): Promise<void> {
  await Notification.create({ user, kind, params, link });
}

export async function notifyMany(users: Id[], kind: string, params: Record<string, string | number> = {}, link?: string): Promise<void> {
  if (users.length === 0) return;
  await Notification.insertMany(users.map((user) => ({ user, kind, params, link })));
}

export async function listNotifications(user: Id, limit = 20) {
  return Notification.find({ user }).sort({ createdAt: -1 }).limit(limit).lean();
}
