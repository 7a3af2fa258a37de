import { Router } from 'express';
import type { Config } from '../server/config';
import { privacyNoticeView } from '../server/services/accounts/privacy-notice';

/** GET /privacy: the privacy notice (개인정보 처리방침), public, as the operator configured it. */
export function privacyRoutes(config: Pick<Config, 'privacyNotice' | 'retentionDays'>): Router {
  const router = Router();
  const view = privacyNoticeView(config.privacyNotice, config.retentionDays);
  router.get('/privacy', (req, res) => {
    res.render('account/privacy', { title: req.t('auth.privacy.title'), ...view });
  });
  return router;
}
