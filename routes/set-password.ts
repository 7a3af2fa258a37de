import { Router, type Response } from 'express';
import { attempt } from './support/attempt';
import { parseForm } from '../server/forms/parse';
import { minPasswordLength, setPasswordSchema } from '../server/forms/password';
import type { SecretAddress } from '../server/lib/secret-address';
import { flash } from '../server/middleware/flash';
import {
  findPasswordToken,
  passwordLinkPath,
  passwordTokenPurposes,
  setPasswordWithToken,
  type PasswordTokenPurpose,
} from '../server/services/accounts/password-tokens';

/** The page of each kind of one-time password link, and its texts. */
const linkPages: Record<PasswordTokenPurpose, { texts: string; again?: string }> = {
  set: { texts: 'auth.setPassword' },
  reset: { texts: 'auth.resetPassword', again: '/password/forgot' },
};

/** A password link's token lets its holder choose the account's password: it must never reach a log. */
export const setPasswordSecretAddresses: SecretAddress[] = passwordTokenPurposes.map((purpose) => ({
  path: passwordLinkPath[purpose](':token'),
  params: ['token'],
}));

/** One-time links to choose a password: a new staff account's, and a password reset's. */
export function setPasswordRoutes(): Router {
  const router = Router();

  for (const purpose of passwordTokenPurposes) {
    const { texts, again } = linkPages[purpose];
    const path = passwordLinkPath[purpose](':token');
    const render = (res: Response, status: number, locals: Record<string, unknown>) =>
      res.status(status).render('account/set-password', {
        title: res.locals.t(`${texts}.title`),
        texts,
        again,
        minPasswordLength,
        ...locals,
      });

    router.get(path, async (req, res) => {
      const account = await findPasswordToken(String(req.params.token), purpose);
      if (!account) return render(res, 410, { expired: true });
      render(res, 200, { account });
    });

    router.post(path, async (req, res) => {
      const token = String(req.params.token);
      const account = await findPasswordToken(token, purpose);
      if (!account) return render(res, 410, { expired: true });
      const form = parseForm(setPasswordSchema, req.body);
      if (!form.ok) return render(res, 422, { account, values: form.values, errors: form.errors });
      const result = await attempt(() =>
        setPasswordWithToken(token, form.data.password, { purpose, ip: req.ip, keepSessionId: req.sessionID }),
      );
      if (!result.ok) return render(res, 410, { expired: true });
      flash(req, 'success', `${texts}.done`);
      res.redirect(303, '/login');
    });
  }

  return router;
}
