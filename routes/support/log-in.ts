import type { Request, Response } from 'express';
import type { Actor } from '../../server/auth/actor';

/** Signs the actor in; passport regenerates the session id here, so a planted id is useless after login. */
export function logIn(req: Request, actor: Actor): Promise<void> {
  return new Promise<void>((resolve, reject) => req.logIn(actor, (err) => (err ? reject(err) : resolve())));
}

/** The language cookie the i18n middleware reads, set to the user's preference. */
export function rememberLanguage(res: Response, locale: 'ko' | 'en'): void {
  res.cookie('lang', locale, { sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
}
