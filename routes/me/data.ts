import { Router } from 'express';
import { personalData } from '../../server/services/accounts/personal-data';

/** GET /me/data (readable) and /me/data.json (download): everything held about the trainee. */
export function personalDataRoutes(): Router {
  const router = Router();
  router.get('/data', async (req, res) => {
    res.render('me/data', { title: req.t('privacy.data.title'), data: await personalData(req.user!) });
  });
  router.get('/data.json', async (req, res) => {
    const data = await personalData(req.user!);
    res.attachment('battery-talent-hub-my-data.json').type('application/json');
    res.send(JSON.stringify({ exportedAt: new Date(), ...data }, null, 2));
  });
  return router;
}
