import { Router } from 'express';
import { buildTraineeDashboard } from '../../server/services/trainee-dashboard';

/** The trainee's own page (mounted inside the /me guard). */
export function dashboardRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    res.render('me/index', { title: req.t('me.title'), ...(await buildTraineeDashboard(req.user!)) });
  });
  return router;
}
