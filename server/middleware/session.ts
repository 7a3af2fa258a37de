import MongoStore from 'connect-mongo';
import session from 'express-session';
import mongoose from 'mongoose';
import type { Config } from '../config';

export const sessionCookieName = 'bth.sid';
const sessionHours = 12;

/**
 * Sessions live in the database. Expired ones are swept on an interval: the
 * embedded engine refuses TTL indexes. `stringify: false` keeps the session a
 * document, so a user's other sessions can be found and ended.
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
      autoRemove: 'interval',
      autoRemoveInterval: 10,
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
