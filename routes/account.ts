import cookieParser from 'cookie-parser';
import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import type { Actor } from '../server/auth/actor';
import { deviceCookieName, deviceCookieOptions, deviceCookieSecret } from '../server/auth/device-cookie';
import { homeFor } from '../server/auth/home';
import { safeReturnTo } from '../server/auth/safe-return';
import type { Config } from '../server/config';
import { loginSchema } from '../server/forms/account';
import { parseForm } from '../server/forms/parse';
import type { LoginResult } from '../server/services/accounts/auth';
import { logIn, rememberLanguage } from './support/log-in';

const refusals = {
  invalid: { status: 401, key: 'auth.login.invalid' },
  deactivated: { status: 403, key: 'auth.login.deactivated' },
  locked: { status: 423, key: 'auth.login.locked' },
  throttled: { status: 429, key: 'auth.login.throttled' },
} as const;

const sessionEnds = { idle: 'auth.session.endedIdle', absolute: 'auth.session.endedAbsolute' } as const;

function authenticateLocal(passport: Passport, req: Request, res: Response, next: NextFunction) {
  return new Promise<{ actor: Actor | false; result?: LoginResult }>((resolve, reject) => {
    passport.authenticate('local', (err: unknown, actor: Actor | false, result?: LoginResult) =>
      err ? reject(err) : resolve({ actor, result }),
    )(req, res, next);
  });
}

export function accountRoutes(passport: Passport, config: Config): Router {
  const router = Router();
  const secureCookies = config.env === 'production';

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    const ended =
      req.query.ended === 'idle' || req.query.ended === 'absolute' ? sessionEnds[req.query.ended] : undefined;
    res.render('account/login', {
      title: req.t('auth.login.title'),
      returnTo: safeReturnTo(req.query.returnTo),
      ended,
    });
  });

  // The device cookie is read (and its signature checked) on this one route only.
  router.post('/login', cookieParser(deviceCookieSecret(config.sessionSecret)), async (req, res, next) => {
    const form = parseForm(loginSchema, req.body);
    const returnTo = safeReturnTo(form.values.returnTo);
    if (!form.ok)
      return res.status(422).render('account/login', { values: form.values, errors: form.errors, returnTo });
    const { actor, result } = await authenticateLocal(passport, req, res, next);
    if (!actor || !result?.ok) {
      const refusal = refusals[result && !result.ok ? result.reason : 'invalid'];
      const minutes = result && 'waitMs' in result ? Math.max(1, Math.ceil(result.waitMs / 60_000)) : undefined;
      return res.status(refusal.status).render('account/login', {
        values: form.values,
        errors: { _form: refusal.key },
        errorParams: { minutes },
        returnTo,
      });
    }
    await logIn(req, actor);
    res.cookie(deviceCookieName, result.device, deviceCookieOptions(secureCookies));
    rememberLanguage(res, actor.locale);
    res.redirect(303, returnTo ?? homeFor(actor));
  });

  router.post('/logout', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    res.redirect(303, '/');
  });

  return router;
}
