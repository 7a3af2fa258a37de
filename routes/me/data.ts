import { Router } from 'express';
import { personalData } from '../../server/services/accounts/personal-data';
import { eventsInWords } from '../../server/services/city/audit-log';

/** GET /me/data (readable) and /me/data.json (download): everything held about the trainee. */
export function personalDataRoutes(): Router {
  const router = Router();
  router.get('/data', async (req, res) => {
    const data = await personalData(req.user!);
    // The page reads the audit entries in words; the download keeps them as stored.
    const audit = eventsInWords(data.audit, req.t, req.language === 'en' ? 'en' : 'ko');
    res.render('me/data', { title: req.t('privacy.data.title'), data, audit });
  });
  router.get('/data.json', async (req, res) => {
    const data = await personalData(req.user!);
    res.attachment('battery-talent-hub-my-data.json').type('application/json');
    res.send(JSON.stringify({ exportedAt: new Date(), ...data }, null, 2));
  });
  return router;
}
