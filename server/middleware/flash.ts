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

/** The session's content and id, to tell whether a request changed it. */
function sessionState(req: Request): string {
  if (!req.session) return '';
  return `${req.sessionID}\n${JSON.stringify({ ...req.session, cookie: undefined })}`;
}

/**
 * express-session writes a changed session only after the response's headers have gone out.
 * A browser could then follow a 303 and load the next page from the old session (the flash or
 * a fresh login goes missing), and when the write failed the user had been told it worked, or
 * handed a form whose CSRF token was never stored. So a response that changed the session waits
 * for the write, and a failed write becomes the error page instead. Unchanged sessions are not
 * written here, and sessions holding nothing but their cookie are left alone, so a visit that
 * stores nothing creates no session.
 */
export const saveSessionBeforeResponding: RequestHandler = (req, res, next) => {
  const before = sessionState(req);
  const end = res.end.bind(res) as (...args: unknown[]) => unknown;
  let saving = false;
  res.end = ((...args: unknown[]) => {
    const session = req.session;
    const holdsData = session && Object.keys(session).some((key) => key !== 'cookie');
    if (saving || res.headersSent || !holdsData || sessionState(req) === before) return end(...args);
    saving = true;
    // A session that passport's login or logout saved already is not written again (session-store.ts).
    session.save((err: unknown) => {
      if (!err) return end(...args);
      // Without a session express-session does not try the same write again after the error
      // page, and that page shows no user menu, whose logout form would need the session.
      Reflect.deleteProperty(req, 'session');
      res.locals.currentUser = undefined;
      next(err);
    });
    return res;
  }) as typeof res.end;
  next();
};
