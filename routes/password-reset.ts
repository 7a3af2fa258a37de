import { Router } from 'express';
import { forgotPasswordSchema } from '../server/forms/account';
import { parseForm } from '../server/forms/parse';
import { databaseLimiter } from '../server/services/limits/rate-limit';
import { requestPasswordReset } from '../server/services/accounts/password-reset';
import { resetLinkMinutes } from '../server/services/accounts/password-tokens';
import { clientAddressKey } from '../server/lib/client-address';

/**
 * "Forgot password": asks for an address and always answers the same page, so it never
 * tells whether the address has an account. The link it mails opens `/password/reset/:token`.
 */
export function passwordResetRoutes(): Router {
  const router = Router();
  const perClient = databaseLimiter({ name: 'reset-ip', points: 10, minutes: 15 });
  const perAccount = databaseLimiter({ name: 'reset-account', points: 3, minutes: 60 });
  const formPage = { minutes: resetLinkMinutes };

  router.get('/password/forgot', (req, res) => {
    res.render('account/forgot-password', { ...formPage, title: req.t('auth.forgot.title'), values: {} });
  });

  router.post('/password/forgot', async (req, res) => {
    const form = parseForm(forgotPasswordSchema, req.body);
    if (!form.ok)
      return res
        .status(422)
        .render('account/forgot-password', { ...formPage, values: form.values, errors: form.errors });
    const wait = await perClient.take(clientAddressKey(req.ip));
    if (!wait.allowed) {
      return res.status(429).render('account/forgot-password', {
        ...formPage,
        values: form.values,
        errors: { _form: 'auth.forgot.throttled' },
        errorParams: { minutes: Math.ceil(wait.retryAfterSeconds / 60) },
      });
    }
    await requestPasswordReset(form.data.email, { ip: req.ip, perAccount });
    res.render('account/check-email', {
      title: req.t('auth.forgot.sent.title'),
      texts: 'auth.forgot.sent',
      email: form.data.email,
      minutes: resetLinkMinutes,
    });
  });

  return router;
}
