import { Router, type Request } from 'express';
import { safeReturnTo } from '../server/auth/safe-return';
import { attempt } from './support/attempt';
import { parseForm } from '../server/forms/parse';
import { minPasswordLength } from '../server/forms/password';
import { registerSchema } from '../server/forms/register';
import { categoryOptions } from '../server/forms/trainee-profile';
import { databaseLimiter } from '../server/services/limits/rate-limit';
import type { SecretAddress } from '../server/lib/secret-address';
import { flash } from '../server/middleware/flash';
import { consentVersion, followUpConsentVersion, privacyConsentVersion } from '../server/services/accounts/consent';
import {
  activateRegistration,
  activationLinkHours,
  findPendingRegistration,
  requestRegistration,
} from '../server/services/accounts/registration';
import { logIn, rememberLanguage } from './support/log-in';
import { clientAddressKey } from '../server/lib/client-address';

const activationPath = '/register/activate/:token';

/** An activation link opens the account and signs its holder in: it must never reach a log. */
export const registerSecretAddresses: SecretAddress[] = [{ path: activationPath, params: ['token'] }];

/**
 * Trainee sign-up and its activation link (the privacy notice it links to is routes/privacy.ts). A valid sign-up
 * always gets the same "check your email" page, whether or not the address has an account.
 */
export function registerRoutes(retentionDays: number): Router {
  const router = Router();
  const page = {
    categoryOptions,
    consentVersion,
    followUpConsentVersion,
    privacyConsentVersion,
    retentionDays,
    minPasswordLength,
  };
  const perClient = databaseLimiter({ name: 'register-ip', points: 20, minutes: 60 });
  const perAddress = databaseLimiter({ name: 'register-email', points: 3, minutes: 60 });

  router.get('/register', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('account/register', {
      ...page,
      title: req.t('auth.register.title'),
      values: {},
      returnTo: safeReturnTo(req.query.returnTo),
    });
  });

  router.post('/register', async (req, res) => {
    const form = parseForm(registerSchema, req.body);
    const returnTo = safeReturnTo(form.values.returnTo);
    if (!form.ok)
      return res
        .status(422)
        .render('account/register', { ...page, values: form.values, errors: form.errors, returnTo });
    const wait = await perClient.take(clientAddressKey(req.ip));
    if (!wait.allowed) {
      res.set('Retry-After', String(wait.retryAfterSeconds));
      return res.status(429).render('account/register', {
        ...page,
        values: form.values,
        errors: { _form: 'auth.register.throttled' },
        errorParams: { minutes: Math.ceil(wait.retryAfterSeconds / 60) },
        returnTo,
      });
    }
    const locale = res.locals.lang === 'en' ? 'en' : 'ko';
    const sent = await attempt(() =>
      requestRegistration({ ...form.data, locale, returnTo }, { ip: req.ip, perAddress }),
    );
    if (!sent.ok) {
      // No mail went out: the form says so and when to try again, never "check your email".
      if (sent.retryAfterSeconds) res.set('Retry-After', String(Math.ceil(sent.retryAfterSeconds)));
      return res.status(sent.status ?? 422).render('account/register', {
        ...page,
        values: form.values,
        errors: sent.errors,
        errorParams: sent.params,
        returnTo,
      });
    }
    res.render('account/check-email', {
      title: req.t('auth.register.sent.title'),
      texts: 'auth.register.sent',
      email: form.data.email,
      hours: activationLinkHours,
    });
  });

  const activationPage = async (req: Request) => ({
    title: req.t('auth.activate.title'),
    pending: await findPendingRegistration(String(req.params.token)),
  });

  // Opening the link only shows a button: mail scanners that follow links must not use it up.
  router.get(activationPath, async (req, res) => {
    const view = await activationPage(req);
    res.status(view.pending ? 200 : 410).render('account/activate', view);
  });

  router.post(activationPath, async (req, res) => {
    const result = await attempt(() => activateRegistration(req.params.token, req.ip));
    if (!result.ok)
      return res.status(410).render('account/activate', { title: req.t('auth.activate.title'), errors: result.errors });
    await logIn(req, result.value.actor);
    rememberLanguage(res, result.value.actor.locale);
    flash(req, 'success', 'auth.register.welcome', { name: result.value.actor.name });
    res.redirect(303, result.value.returnTo ?? '/');
  });

  return router;
}
