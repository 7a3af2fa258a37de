import { Router, type Request } from 'express';
import { z } from 'zod';
import { requireLogin } from '../../server/auth/guards';
import { personName } from '../../server/forms/fields';
import { parseForm } from '../../server/forms/parse';
import { confirmMatches, minPasswordLength, passwordPair } from '../../server/forms/password';
import { categoryOptions, traineeProfileFields } from '../../server/forms/trainee-profile';
import { flash } from '../../server/middleware/flash';
import { consentVersion } from '../../server/services/consent';
import { changePassword, getProfile, updateProfile } from '../../server/services/profile';
import { attempt } from '../../server/forms/attempt';
import { rememberLanguage } from '../support/log-in';

const localeField = z.enum(['ko', 'en'], 'forms.required');
const profileSchema = z.object({ name: personName, locale: localeField });
const traineeProfileSchema = profileSchema.extend(traineeProfileFields).transform(({ name, locale, ...trainee }) => ({ name, locale, trainee }));
const passwordSchema = z
  .object({ currentPassword: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'), ...passwordPair })
  .superRefine(confirmMatches);

const localeOptions = [
  { value: 'ko', text: '한국어' },
  { value: 'en', text: 'English' },
];

/**
 * The page data. A re-rendered profile form shows what was posted (an unticked box is
 * absent from it, so it is not merged with the stored values); otherwise the stored values.
 */
async function profilePage(req: Request, override: Record<string, unknown> = {}) {
  const profile = await getProfile(req.user!);
  return { ...profile, values: profile.values, ...override, isTrainee: req.user!.role === 'trainee',
    title: req.t('profile.title'), categoryOptions, localeOptions, consentVersion, minPasswordLength };
}

/** Every signed-in user's own profile, under /me but not only for trainees. */
export function profileRoutes(): Router {
  const router = Router();
  router.use('/profile', requireLogin);

  router.get('/profile', async (req, res) => {
    res.render('me/profile', await profilePage(req));
  });

  router.post('/profile', async (req, res) => {
    const form = req.user!.role === 'trainee' ? parseForm(traineeProfileSchema, req.body) : parseForm(profileSchema, req.body);
    if (!form.ok) return res.status(422).render('me/profile', await profilePage(req, { values: form.values, errors: form.errors, failed: 'profile' }));
    const actor = await updateProfile(req.user!, form.data);
    rememberLanguage(res, actor.locale);
    flash(req, 'success', 'profile.saved');
    res.redirect(303, '/me/profile');
  });

  router.post('/profile/password', async (req, res) => {
    const form = parseForm(passwordSchema, req.body);
    const fail = async (errors: Record<string, string>) =>
      res.status(422).render('me/profile', await profilePage(req, { errors, failed: 'password' }));
    if (!form.ok) return fail(form.errors);
    const result = await attempt(() => changePassword(req.user!, form.data, req.sessionID));
    if (!result.ok) return fail(result.errors);
    flash(req, 'success', 'profile.password.changed');
    res.redirect(303, '/me/profile');
  });

  return router;
}
