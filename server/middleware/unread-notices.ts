import type { RequestHandler } from 'express';
import { rememberedUnreadCount } from '../auth/signin-memory';
import { countUnread, unreadCountCap } from '../services/notifications/notices';

/**
 * The header's unread badge, on the link to where the user's notices are listed: one indexed
 * count, capped, held in memory until a notice is added or read (server/auth/signin-memory.ts).
 */
export const unreadNotices: RequestHandler = async (req, res, next) => {
  if (req.method === 'GET' && req.user) {
    const count = await rememberedUnreadCount(req.session, req.user.id, countUnread);
    if (count > 0) res.locals.unread = { shown: count > unreadCountCap ? `${unreadCountCap}+` : String(count) };
  }
  next();
};
