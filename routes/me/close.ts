import { Router } from 'express';
import { parseForm } from '../../server/forms/parse';
import { closeAccountSchema } from '../../server/forms/personal-data-form';
import { submitForm } from '../support/submit-form';
import { attempt } from '../support/attempt';
import { clock } from '../../server/lib/clock';
import { flash } from '../../server/middleware/flash';
import { checkClosing, closeAccount } from '../../server/services/accounts/close';

/** How long the confirm step stays valid after the password was given. */
const confirmMs = 10 * 60_000;

/**
 * GET|POST /me/close: closing the account in two steps that need no script — the password (and
 * what closing means), then an explicit confirmation, which ends every session.
 */
export function closeRoutes(): Router {
  const router = Router();
  const page = (title: string, extra: Record<string, unknown> = {}) => ({ title, values: {}, ...extra });

  router.get('/close', (req, res) => {
    res.render('me/close', page(req.t('privacy.close.title'), { step: 'password' }));
  });

  router.post('/close', async (req, res) => {
    const result = await submitForm(parseForm(closeAccountSchema, req.body), (data) =>
      checkClosing(req.user!, data.password, req.ip),
    );
    if (!result.ok) {
      // After too many wrong passwords: 429 and the wait, as the login page answers.
      if (result.retryAfterSeconds) res.set('Retry-After', String(Math.ceil(result.retryAfterSeconds)));
      return res
        .status(result.status ?? 422)
        .render(
          'me/close',
          page(req.t('privacy.close.title'), { step: 'password', errors: result.errors, errorParams: result.params }),
        );
    }
    req.session.closeConfirmUntil = clock.now() + confirmMs;
    res.render('me/close', page(req.t('privacy.close.confirmTitle'), { step: 'confirm' }));
  });

  router.post('/close/confirm', async (req, res) => {
    const until = req.session.closeConfirmUntil;
    delete req.session.closeConfirmUntil;
    if (!until || until < clock.now()) {
      flash(req, 'error', 'privacy.close.expired');
      return res.redirect(303, '/me/close');
    }
    const result = await attempt(() => closeAccount(req.user!, req.ip));
    if (!result.ok)
      return res
        .status(422)
        .render('me/close', page(req.t('privacy.close.title'), { step: 'password', errors: result.errors }));
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    flash(req, 'success', 'privacy.close.done');
    res.redirect(303, '/');
  });

  return router;
}
