import { Router, type Request } from 'express';
import { z } from 'zod';
import { email, optionalText, requiredText } from '../../server/forms/fields';
import { parseForm } from '../../server/forms/parse';
import { flash } from '../../server/middleware/flash';
import { listUniversities } from '../../server/services/universities';
import { createStaffAccount, listStaffAccounts, setStaffActive, staffRoles } from '../../server/services/staff-accounts';
import { setPasswordLinkHours } from '../../server/services/password-tokens';
import { attempt } from '../../server/forms/attempt';

const staffSchema = z.object({ name: requiredText(100), email, role: z.enum(staffRoles, 'forms.required'), university: optionalText(40) });
const roleOptions = staffRoles.map((value) => ({ value, label: `staff.role.${value}` }));

async function newPage(req: Request, extra: Record<string, unknown> = {}) {
  const universities = await listUniversities();
  const universityOptions = universities.map((u) => ({ value: String(u._id), text: u.name }));
  return { title: req.t('staff.new.title'), roleOptions, universityOptions, values: {}, ...extra };
}

/**
 * Staff accounts under /city/staff; the /city router's guard already limits it to city staff.
 * The set-password link shown is built on `baseUrl`, never on the request's Host header.
 */
export function staffRoutes(baseUrl: string): Router {
  const router = Router();

  router.get('/staff', async (req, res) => {
    res.render('city/staff/index', { title: req.t('staff.title'), accounts: await listStaffAccounts(), selfId: req.user!.id });
  });

  router.get('/staff/new', async (req, res) => {
    res.render('city/staff/new', await newPage(req));
  });

  router.post('/staff', async (req, res) => {
    const form = parseForm(staffSchema, req.body);
    if (!form.ok) return res.status(422).render('city/staff/new', await newPage(req, { values: form.values, errors: form.errors }));
    const result = await attempt(() => createStaffAccount(req.user!, form.data));
    if (!result.ok) return res.status(422).render('city/staff/new', await newPage(req, { values: form.values, errors: result.errors }));
    const link = new URL(result.value.linkPath, baseUrl).href;
    res.status(201).render('city/staff/created', { title: req.t('staff.created.title'), link, hours: setPasswordLinkHours, ...form.data });
  });

  router.post('/staff/:id/deactivate', async (req, res) => {
    await setStaffActive(req.user!, req.params.id, false);
    flash(req, 'success', 'staff.deactivated');
    res.redirect(303, '/city/staff');
  });

  router.post('/staff/:id/activate', async (req, res) => {
    await setStaffActive(req.user!, req.params.id, true);
    flash(req, 'success', 'staff.activated');
    res.redirect(303, '/city/staff');
  });

  return router;
}
