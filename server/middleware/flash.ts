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

/**
 * express-session sends a response's headers before it has written the session, so a
 * browser can follow a 303 and load the next page from the old session: the flash
 * (or a fresh login) goes missing. Redirects wait for the write. Sessions holding
 * nothing but their cookie are left alone, so anonymous redirects create none.
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const session = req.session;
    if (!session || Object.keys(session).every((key) => key === 'cookie')) return redirect(...args);
    session.save((err: unknown) => (err ? next(err) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};
