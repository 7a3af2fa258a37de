import { Router, type Request } from 'express';
import { requireLogin } from '../../server/auth/guards';
import { parseForm, type ParseResult } from '../../server/forms/parse';
import { minPasswordLength } from '../../server/forms/password';
import { changePasswordSchema, profileSchema, traineeProfileSchema } from '../../server/forms/profile-form';
import { submitForm } from '../support/submit-form';
import { categoryOptions } from '../../server/forms/trainee-profile';
import { flash } from '../../server/middleware/flash';
import { consentVersion, followUpConsentVersion } from '../../server/services/accounts/consent';
import { changePassword, getProfile, updateProfile, type ProfileInput } from '../../server/services/accounts/profile';
import { rememberLanguage } from '../support/log-in';

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
  return {
    ...profile,
    values: profile.values,
    ...override,
    isTrainee: req.user!.role === 'trainee',
    title: req.t('profile.title'),
    categoryOptions,
    localeOptions,
    consentVersion,
    followUpConsentVersion,
    minPasswordLength,
  };
}

/** Every signed-in user's own profile, under /me but not only for trainees. */
export function profileRoutes(): Router {
  const router = Router();
  router.use('/profile', requireLogin);

  router.get('/profile', async (req, res) => {
    res.render('me/profile', await profilePage(req));
  });

  router.post('/profile', async (req, res) => {
    const form: ParseResult<ProfileInput> =
      req.user!.role === 'trainee' ? parseForm(traineeProfileSchema, req.body) : parseForm(profileSchema, req.body);
    const result = await submitForm(form, (data) => updateProfile(req.user!, data));
    if (!result.ok)
      return res
        .status(422)
        .render(
          'me/profile',
          await profilePage(req, { values: result.values, errors: result.errors, failed: 'profile' }),
        );
    rememberLanguage(res, result.value.locale);
    flash(req, 'success', 'profile.saved');
    res.redirect(303, '/me/profile');
  });

  router.post('/profile/password', async (req, res) => {
    const result = await submitForm(parseForm(changePasswordSchema, req.body), (data) =>
      changePassword(req.user!, data, req.sessionID, req.ip),
    );
    if (!result.ok) {
      // After too many wrong passwords: 429 and the wait, as the login page answers.
      if (result.retryAfterSeconds) res.set('Retry-After', String(Math.ceil(result.retryAfterSeconds)));
      return res
        .status(result.status ?? 422)
        .render(
          'me/profile',
          await profilePage(req, { errors: result.errors, errorParams: result.params, failed: 'password' }),
        );
    }
    flash(req, 'success', 'profile.password.changed');
    res.redirect(303, '/me/profile');
  });

  return router;
}
