import { Router } from 'express';
import { buildTraineeDashboard } from '../../server/services/enrollment/dashboard';

/** The trainee's own page (mounted inside the /me guard). */
export function dashboardRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const dashboard = await buildTraineeDashboard(req.user!);
    // The notices are on this page, and now read: the header's badge would be stale.
    res.locals.unread = undefined;
    res.render('me/index', { title: req.t('me.title'), ...dashboard });
  });
  return router;
}
