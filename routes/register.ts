import { Router } from 'express';
import { z } from 'zod';
import { confirmMatches, minPasswordLength, passwordPair } from '../server/forms/password';
import { email, requiredText } from '../server/forms/fields';
import { parseForm } from '../server/forms/parse';
import { categoryOptions, traineeProfileFields } from '../server/forms/trainee-profile';
import { flash } from '../server/middleware/flash';
import { consentVersion } from '../server/services/consent';
import { registerTrainee } from '../server/services/registration';
import { attempt } from '../server/forms/attempt';
import { logIn } from './support/log-in';

const registerSchema = z
  .object({ name: requiredText(100), email, ...passwordPair, ...traineeProfileFields })
  .superRefine(confirmMatches);

/** Trainee sign-up and the privacy notice it links to. */
export function registerRoutes(): Router {
  const router = Router();
  const page = { categoryOptions, consentVersion, minPasswordLength };

  router.get('/register', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('account/register', { ...page, title: req.t('auth.register.title'), values: {} });
  });

  router.post('/register', async (req, res) => {
    const form = parseForm(registerSchema, req.body);
    if (!form.ok) return res.status(422).render('account/register', { ...page, values: form.values, errors: form.errors });
    const locale = res.locals.lang === 'en' ? 'en' : 'ko';
    const result = await attempt(() => registerTrainee({ ...form.data, locale }, req.ip));
    if (!result.ok) return res.status(422).render('account/register', { ...page, values: form.values, errors: result.errors });
    await logIn(req, result.value);
    flash(req, 'success', 'auth.register.welcome', { name: result.value.name });
    res.redirect(303, '/');
  });

  router.get('/privacy', (req, res) => {
    res.render('account/privacy', { title: req.t('auth.privacy.title'), consentVersion });
  });

  return router;
}
