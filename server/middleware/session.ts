import MongoStore from 'connect-mongo';
import session from 'express-session';
import mongoose from 'mongoose';
import { SessionRecord } from '../../models/session-record';
import type { Config } from '../config';
import type { Logger } from '../logger';

export const sessionCookieName = 'bth.sid';
const sessionHours = 12;
const sweepEveryMs = 10 * 60 * 1000;

/**
 * Sessions live in the database. `stringify: false` keeps the session a document, so a
 * user's other sessions can be found and ended. Expired ones are swept by
 * `startSessionSweep`, not by the store: see there.
 */
export function sessionMiddleware(config: Config) {
  return session({
    name: sessionCookieName,
    secret: config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    store: MongoStore.create({
      client: mongoose.connection.getClient(),
      // The client's default database is the URI's, which need not be the one mongoose
      // was opened on (tests use one per file): sessions live beside the users.
      dbName: mongoose.connection.db?.databaseName,
      collectionName: 'sessions',
      autoRemove: 'disabled',
      stringify: false,
      ttl: sessionHours * 3600,
      // The engine writes a touch as a whole-document overwrite, which can undo a
      // concurrent request's change to the same session (a flash, a login); touching
      // at most every ten minutes keeps those races rare.
      touchAfter: 600,
    }),
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production',
      maxAge: sessionHours * 3600 * 1000,
    },
  });
}

/** Deletes the sessions whose time is up; returns how many. */
export async function sweepExpiredSessions(): Promise<number> {
  const { deletedCount } = await SessionRecord.deleteMany({ expires: { $lt: new Date() } });
  return deletedCount;
}

/**
 * Sweeps expired sessions every ten minutes (the embedded engine refuses TTL indexes). This
 * replaces connect-mongo's own interval sweep, which deletes with `w: 0`: FerretDB 1.24 answers
 * even an unacknowledged write, the driver never reads that answer, and every later command on
 * the same pooled connection then reads the answer meant for the one before it — a session
 * lookup got an update's reply ("BSON element cursor is missing", a 500) or another
 * visitor's session.
 */
export function startSessionSweep(logger: Logger): { stop(): void } {
  const timer = setInterval(() => {
    sweepExpiredSessions().catch((err: unknown) => logger.warn({ err }, 'sweeping expired sessions failed'));
  }, sweepEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
