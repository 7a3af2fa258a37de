import { Router } from 'express';
import { requireLogin } from '../server/auth/guards';
import { readNotifications } from '../server/services/notifications/notices';

/** The signed-in user's own notices (staff have no /me; trainees also see them there); showing them marks them read. */
export function notificationRoutes(): Router {
  const router = Router();
  router.get('/notifications', requireLogin, async (req, res) => {
    const notifications = await readNotifications(req.user!.id);
    // The notices are on this page, and now read: the header's badge would be stale.
    res.locals.unread = undefined;
    res.render('notifications/index', { title: req.t('notifications.title'), notifications });
  });
  return router;
}
