import type { RequestHandler } from 'express';
import { countUnread, unreadCountCap } from '../services/notifications/notices';

/** The header's unread badge, on the link to where the user's notices are listed: one indexed count, capped. */
export const unreadNotices: RequestHandler = async (req, res, next) => {
  if (req.method === 'GET' && req.user) {
    const count = await countUnread(req.user.id);
    if (count > 0) res.locals.unread = { shown: count > unreadCountCap ? `${unreadCountCap}+` : String(count) };
  }
  next();
};
