import { Router } from 'express';
import { flash } from '../../server/middleware/flash';
import { feedUrl, resetFeed, revokeFeed } from '../../server/services/trainee/calendar-feed';

/** The trainee's calendar address (mounted inside the /me guard). */
export function calendarFeedRoutes(baseUrl: string): Router {
  const router = Router();
  // The new address is shown in this response only: it is stored hashed, so no later page can show it again.
  router.post('/calendar', async (req, res) => {
    const url = feedUrl(baseUrl, await resetFeed(req.user!, req.ip));
    res.render('me/calendar', {
      title: req.t('me.calendar.title'),
      url,
      webcalUrl: url.replace(/^https?:/, 'webcal:'),
    });
  });
  router.post('/calendar/revoke', async (req, res) => {
    await revokeFeed(req.user!, req.ip);
    flash(req, 'success', 'me.calendar.revoked');
    res.redirect(303, '/me');
  });
  return router;
}
