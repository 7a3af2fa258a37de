import { Router } from 'express';
import { openFollowUps } from '../../server/services/completion/follow-up';
import { buildTraineeDashboard } from '../../server/services/trainee/trainee-dashboard';

/** The trainee's own page (mounted inside the /me guard). */
export function dashboardRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [dashboard, followUps] = await Promise.all([buildTraineeDashboard(req.user!), openFollowUps(req.user!)]);
    // The notices are on this page, and now read: the header's badge would be stale.
    res.locals.unread = undefined;
    res.render('me/index', { title: req.t('me.title'), ...dashboard, followUps });
  });
  return router;
}
