import { Router, type Request, type Response, type NextFunction } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import { z } from 'zod';
import type { Actor } from '../server/auth/actor';
import { homeFor } from '../server/auth/home';
import { safeReturnTo } from '../server/auth/safe-return';
import { email } from '../server/forms/fields';
import { parseForm } from '../server/forms/parse';

const loginSchema = z.object({
  email,
  password: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'),
});

function authenticateLocal(passport: Passport, req: Request, res: Response, next: NextFunction) {
  return new Promise<Actor | false>((resolve, reject) => {
    passport.authenticate('local', (err: unknown, user: Actor | false) => (err ? reject(err) : resolve(user)))(req, res, next);
  });
}

function logIn(req: Request, actor: Actor) {
  // passport regenerates the session id here, so a planted id is useless after login.
  return new Promise<void>((resolve, reject) => req.logIn(actor, (err) => (err ? reject(err) : resolve())));
}

export function accountRoutes(passport: Passport): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('account/login', { title: req.t('auth.login.title'), returnTo: safeReturnTo(req.query.returnTo) });
  });

  router.post('/login', async (req, res, next) => {
    const form = parseForm(loginSchema, req.body);
    const returnTo = safeReturnTo(form.values.returnTo);
    if (!form.ok) return res.status(422).render('account/login', { values: form.values, errors: form.errors, returnTo });
    const actor = await authenticateLocal(passport, req, res, next);
    if (!actor) {
      return res.status(401).render('account/login', { values: form.values, errors: { _form: 'auth.login.invalid' }, returnTo });
    }
    await logIn(req, actor);
    res.cookie('lang', actor.locale, { sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
    res.redirect(303, returnTo ?? homeFor(actor));
  });

  router.post('/logout', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    res.redirect(303, '/');
  });

  return router;
}
