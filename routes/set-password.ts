import { Router } from 'express';
import { z } from 'zod';
import { confirmMatches, minPasswordLength, passwordPair } from '../server/forms/password';
import { parseForm } from '../server/forms/parse';
import { flash } from '../server/middleware/flash';
import { findPasswordToken, setPasswordWithToken } from '../server/services/password-tokens';
import { attempt } from '../server/forms/attempt';

const setPasswordSchema = z.object(passwordPair).superRefine(confirmMatches);

/** The one-time link a new staff account gets to choose its password. */
export function setPasswordRoutes(): Router {
  const router = Router();

  router.get('/account/set-password/:token', async (req, res) => {
    const account = await findPasswordToken(req.params.token);
    if (!account) return res.status(410).render('account/set-password', { title: req.t('auth.setPassword.title'), expired: true });
    res.render('account/set-password', { title: req.t('auth.setPassword.title'), account, minPasswordLength });
  });

  router.post('/account/set-password/:token', async (req, res) => {
    const account = await findPasswordToken(req.params.token);
    if (!account) return res.status(410).render('account/set-password', { expired: true });
    const form = parseForm(setPasswordSchema, req.body);
    if (!form.ok) return res.status(422).render('account/set-password', { account, values: form.values, errors: form.errors });
    const result = await attempt(() => setPasswordWithToken(req.params.token, form.data.password, req.ip));
    if (!result.ok) return res.status(410).render('account/set-password', { expired: true });
    flash(req, 'success', 'auth.setPassword.done');
    res.redirect(303, '/login');
  });

  return router;
}
