import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import { z } from 'zod';
import type { Actor } from '../server/auth/actor';
import { homeFor } from '../server/auth/home';
import { safeReturnTo } from '../server/auth/safe-return';
import { email } from '../server/forms/fields';
import { parseForm } from '../server/forms/parse';
import { createLoginThrottle } from '../server/middleware/login-throttle';
import type { LoginResult } from '../server/services/auth';
import { logIn, rememberLanguage } from './support/log-in';

const loginSchema = z.object({
  email,
  password: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'),
});

type Failure = Exclude<LoginResult, { ok: true }>;

function authenticateLocal(passport: Passport, req: Request, res: Response, next: NextFunction) {
  return new Promise<{ actor: Actor | false; failure?: Failure }>((resolve, reject) => {
    passport.authenticate('local', (err: unknown, actor: Actor | false, failure?: Failure) => (err ? reject(err) : resolve({ actor, failure })))(
      req,
      res,
      next,
    );
  });
}

function minutesUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000));
}

export function accountRoutes(passport: Passport): Router {
  const router = Router();
  const throttle = createLoginThrottle();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('account/login', { title: req.t('auth.login.title'), returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.post('/login', async (req, res, next) => {
    const form = parseForm(loginSchema, req.body);
    const returnTo = safeReturnTo(form.values.returnTo);
    const refuse = (status: number, key: string, params?: object) =>
      res.status(status).render('account/login', { values: form.values, errors: { _form: key }, errorParams: params, returnTo });
    const ip = req.ip ?? 'unknown';
    const wait = await throttle.waitFor(ip);
    if (wait > 0) return refuse(429, 'auth.login.throttled', { minutes: Math.ceil(wait / 60) });
    if (!form.ok) return res.status(422).render('account/login', { values: form.values, errors: form.errors, returnTo });
    const { actor, failure } = await authenticateLocal(passport, req, res, next);
    if (!actor) {
      await throttle.recordFailure(ip);
      if (failure?.reason === 'locked') return refuse(423, 'auth.login.locked', { minutes: minutesUntil(failure.until) });
      return refuse(401, 'auth.login.invalid');
    }
    await logIn(req, actor);
    rememberLanguage(res, actor.locale);
    res.redirect(303, returnTo ?? homeFor(actor));
  });

  router.post('/logout', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    res.redirect(303, '/');
  });

  return router;
}
