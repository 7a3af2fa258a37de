import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { HttpError } from '../errors';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // Forms post the token as a hidden field named _csrf.
  getTokenFromRequest: (req) => {
    const body: unknown = req.body;
    const token = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
    return typeof token === 'string' ? token : undefined;
  },
});

/** Synchronizer-token CSRF protection; a bad or stale token gets a friendly page, not a bare 403. */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) return next(new HttpError(403, 'errors.csrf.body', 'errors.csrf.title'));
    // A function, so a token (and with it a session) is only made for pages that render a form.
    res.locals.csrfToken = () => generateToken(req);
    next();
  });
};
