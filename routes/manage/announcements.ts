import { Router, type Request, type Response } from 'express';
import { announcementSchema } from '../../server/forms/announcement';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { managedCourseAnnouncements, postCourseAnnouncement } from '../../server/services/announcements/announcements';

async function renderPage(
  req: Request,
  res: Response,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) {
  const page = await managedCourseAnnouncements(req.user!, String(req.params.id));
  res.render('manage/courses/announcements', { title: req.t('announcements.course.title'), ...page, ...form });
}

/** A course's staff post announcements to its page and its trainees (inside the /manage guard; the course's university is checked by the service). */
export function manageAnnouncementRoutes(): Router {
  const router = Router();
  router.get('/courses/:id/announcements', (req, res) => renderPage(req, res));
  router.post('/courses/:id/announcements', async (req, res) => {
    const id = String(req.params.id);
    const done = await submitForm(parseForm(announcementSchema, req.body), (input) =>
      postCourseAnnouncement(req.user!, id, input),
    );
    if (!done.ok) return renderPage(req, res.status(422), done);
    flash(req, 'success', 'announcements.flash.sent', { count: done.value });
    res.redirect(303, `/manage/courses/${id}/announcements`);
  });
  return router;
}
