import type { RequestHandler } from 'express';
import type { Role } from '../../models/user';
import { HttpError } from '../errors';

/** Anonymous visitors go to the login page and come back here afterwards. */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  const returnTo = req.method === 'GET' ? req.originalUrl : undefined;
  res.redirect(303, returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');
};

/** Signed-in users of other roles get a 403 page. Declared once per router. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return requireLogin(req, res, next);
    if (!roles.includes(req.user.role))
      return next(new HttpError(403, 'errors.forbidden.body', 'errors.forbidden.title'));
    next();
  };
}
