import session, { type SessionData } from 'express-session';
import mongoose from 'mongoose';
import type { Config } from '../config';
import { ceilToHour, clock } from '../lib/clock';
import { RememberingStore, touchAfterSeconds } from './session-store';

export const sessionCookieName = 'bth.sid';
/** A session nobody has signed into (a form's CSRF token, a flash): twelve hours after its last use. */
const anonymousHours = 12;

/**
 * A signed-in session's stored expiry (and its cookie's) is its absolute limit, an anonymous
 * one's twelve hours after its last use; both rounded up to the full hour, so that the hourly
 * sweep removes expired sessions by an indexed equality (server/jobs/sweep-expired.ts) instead
 * of reading the whole collection. Within that expiry, session-lifetime.ts ends sessions at their
 * exact idle and absolute limits.
 */
function roundExpiry(data: SessionData): void {
  const until = data.lifetime?.until ?? clock.now() + anonymousHours * 3_600_000;
  data.cookie.expires = new Date(ceilToHour(until));
}

class HourlyExpiryStore extends RememberingStore {
  override set(sid: string, data: SessionData, callback?: (err: unknown) => void): void {
    roundExpiry(data);
    super.set(sid, data, callback);
  }

  override touch(sid: string, data: SessionData & { lastModified?: Date }, callback?: (err: unknown) => void): void {
    roundExpiry(data);
    super.touch(sid, data, callback);
  }
}

/**
 * Sessions live in the database, so every app instance serves every session. Expired ones are
 * removed by the hourly sweep job, which runs on one instance at a time (the embedded engine
 * refuses TTL indexes, and the store's own interval sweep would run in every process).
 * `stringify: false` keeps the session a document, so a user's other sessions can be found and
 * ended. Cookies do not roll: a signed-in session's cookie carries its absolute limit, and
 * idleness is measured by session-lifetime.ts.
 */
export function sessionMiddleware(config: Config) {
  return session({
    name: sessionCookieName,
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    store: new HourlyExpiryStore({
      client: mongoose.connection.getClient(),
      // The client's default database is the URI's, which need not be the one mongoose
      // was opened on (tests use one per file): sessions live beside the users.
      dbName: mongoose.connection.db?.databaseName,
      collectionName: 'sessions',
      autoRemove: 'disabled',
      stringify: false,
      // The engine writes a touch as a whole-document overwrite, which can undo a
      // concurrent request's change to the same session (a flash, a login); touching
      // at most every ten minutes keeps those races rare.
      touchAfter: touchAfterSeconds,
    }),
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production',
      maxAge: anonymousHours * 3_600_000,
    },
  });
}
