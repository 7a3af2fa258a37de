import { Router, type Request, type Response } from 'express';
import { announcementSchema, contactSchema, contactToValues } from '../../server/forms/announcement';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { postProgrammeAnnouncement, programmeAnnouncements } from '../../server/services/announcements/announcements';
import { programmeContact, updateProgrammeContact } from '../../server/services/notifications/programme-contact';

async function renderAnnouncements(
  req: Request,
  res: Response,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) {
  res.render('city/announcements', {
    title: req.t('announcements.city.title'),
    announcements: await programmeAnnouncements(),
    ...form,
  });
}

async function renderContact(
  req: Request,
  res: Response,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) {
  res.render('city/contact', {
    title: req.t('announcements.contact.edit'),
    values: form.values ?? contactToValues(await programmeContact()),
    errors: form.errors,
  });
}

/** City staff post programme-wide announcements and edit the contact page (inside the /city guard). */
export function cityAnnouncementRoutes(): Router {
  const router = Router();
  router.get('/announcements', (req, res) => renderAnnouncements(req, res));
  router.post('/announcements', async (req, res) => {
    const done = await submitForm(parseForm(announcementSchema, req.body), (input) =>
      postProgrammeAnnouncement(req.user!, input),
    );
    if (!done.ok) return renderAnnouncements(req, res.status(422), done);
    flash(req, 'success', 'announcements.flash.posted');
    res.redirect(303, '/city/announcements');
  });
  router.get('/contact', (req, res) => renderContact(req, res));
  router.post('/contact', async (req, res) => {
    const done = await submitForm(parseForm(contactSchema, req.body), (input) =>
      updateProgrammeContact(req.user!, input),
    );
    if (!done.ok) return renderContact(req, res.status(422), done);
    flash(req, 'success', 'announcements.flash.contactSaved');
    res.redirect(303, '/city/contact');
  });
  return router;
}
