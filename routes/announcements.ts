import { Router } from 'express';
import { programmeAnnouncements } from '../server/services/announcements/announcements';
import { programmeContact } from '../server/services/notifications/programme-contact';

/** Public: the programme's announcements (공지사항) and its contact page. */
export function announcementRoutes(): Router {
  const router = Router();
  router.get('/announcements', async (req, res) => {
    res.render('announcements/index', {
      title: req.t('announcements.title'),
      announcements: await programmeAnnouncements(),
    });
  });
  router.get('/contact', async (req, res) => {
    res.render('announcements/contact', {
      title: req.t('announcements.contact.title'),
      contact: await programmeContact(),
    });
  });
  return router;
}
