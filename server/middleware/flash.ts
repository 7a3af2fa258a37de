import type { Request, RequestHandler } from 'express';
import type { SessionData } from 'express-session';

type Flash = NonNullable<SessionData['flash']>[number];

/** Queues a one-time message for the next page (Post/Redirect/Get). */
export function flash(req: Request, type: Flash['type'], key: string, params?: Flash['params']): void {
  req.session.flash = [...(req.session.flash ?? []), { type, key, params }];
}

/** Moves queued messages and the signed-in user into what every page renders. */
export const userLocals: RequestHandler = (req, res, next) => {
  res.locals.currentUser = req.user;
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  next();
};
