import { Router, type Response } from 'express';
import { isLocale, defaultLocale } from '../server/i18n';
import { publicCourseCalendar } from '../server/services/courses/course-calendar';
import type { SecretAddress } from '../server/lib/secret-address';
import { personalFeed } from '../server/services/trainee/calendar-feed';

// Calendar apps poll; a few minutes' reuse spares the database, and Express's ETag answers 304 when nothing changed.
function sendCalendar(res: Response, body: string, filename: string) {
  res.set('Cache-Control', 'private, max-age=300');
  res.type('text/calendar; charset=utf-8');
  res.attachment(filename);
  res.send(body);
}

const personalFeedPath = '/calendar/:token.ics';

/** The feed's address is its only key: it must never reach a log. */
export const calendarSecretAddresses: SecretAddress[] = [{ path: personalFeedPath, params: ['token'] }];

/** ICS files: a public course's sessions, and a trainee's feed behind its secret address (no sign-in: apps fetch it). */
export function calendarRoutes(baseUrl: string): Router {
  const router = Router();
  router.get('/courses/:id/calendar.ics', async (req, res) => {
    const lang = isLocale(req.language) ? req.language : defaultLocale;
    const file = await publicCourseCalendar(String(req.params.id), { lang, t: req.t, baseUrl });
    sendCalendar(res, file.body, file.filename);
  });
  router.get(personalFeedPath, async (req, res) => {
    sendCalendar(res, await personalFeed(String(req.params.token), req.i18n, baseUrl), 'battery-talent-hub.ics');
  });
  return router;
}
