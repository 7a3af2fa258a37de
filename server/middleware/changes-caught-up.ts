import type { RequestHandler } from 'express';
import { changeChannel } from '../db/change-channel';
import { sessionCookieName } from './session';

/**
 * Before a session is looked up, every change another instance announced before this request
 * arrived has reached this one (a round trip to PostgreSQL, shared by the requests that arrive
 * meanwhile), so no copy held in memory is served after a logout, deactivation or password change
 * elsewhere was answered (server/auth/signin-memory.ts). Visitors without a session skip it.
 */
export const changesCaughtUp: RequestHandler = (req, _res, next) => {
  if (!changeChannel.listening || !req.headers.cookie?.includes(`${sessionCookieName}=`)) return next();
  void changeChannel.caughtUp().then(() => next());
};
