import { Router, type Request, type Response } from 'express';
import { parseForm } from '../../server/forms/parse';
import { staffSchema } from '../../server/forms/staff-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { listUniversities } from '../../server/services/courses/universities';
import {
  createStaffAccount,
  creatableRoles,
  listStaffAccounts,
  setStaffActive,
} from '../../server/services/accounts/staff';
import { setPasswordLinkHours } from '../../server/services/accounts/password-tokens';
import { attempt } from '../support/attempt';

async function newPage(req: Request, extra: Record<string, unknown> = {}) {
  const universities = await listUniversities();
  const universityOptions = universities.map((u) => ({ value: String(u._id), text: u.name }));
  const roleOptions = creatableRoles(req.user!).map((value) => ({ value, label: `staff.role.${value}` }));
  return { title: req.t('staff.new.title'), roleOptions, universityOptions, values: {}, ...extra };
}

/** Deactivation and activation answer on the list: done, or why the account may not be changed. */
async function changeActive(req: Request<{ id: string }>, res: Response, active: boolean) {
  const result = await attempt(() => setStaffActive(req.user!, req.params.id, active));
  if (result.ok) flash(req, 'success', active ? 'staff.activated' : 'staff.deactivated');
  else flash(req, 'error', Object.values(result.errors)[0]!);
  res.redirect(303, '/city/staff');
}

/**
 * Staff accounts under /city/staff; the /city router's guard already limits it to city staff.
 * The set-password link is absolute, built from the configured public address (`baseUrl`): never
 * from the request's Host header, which whoever sends the request chooses.
 */
export function staffRoutes(baseUrl: string): Router {
  const router = Router();

  router.get('/staff', async (req, res) => {
    res.render('city/staff/index', { title: req.t('staff.title'), accounts: await listStaffAccounts(req.user!) });
  });

  router.get('/staff/new', async (req, res) => {
    res.render('city/staff/new', await newPage(req));
  });

  router.post('/staff', async (req, res) => {
    const result = await submitForm(parseForm(staffSchema, req.body), (data) => createStaffAccount(req.user!, data));
    if (!result.ok)
      return res
        .status(422)
        .render('city/staff/new', await newPage(req, { values: result.values, errors: result.errors }));
    const link = new URL(result.value.linkPath, baseUrl).href;
    res.status(201).render('city/staff/created', {
      title: req.t('staff.created.title'),
      link,
      hours: setPasswordLinkHours,
      ...result.data,
    });
  });

  router.post('/staff/:id/deactivate', (req, res) => changeActive(req, res, false));
  router.post('/staff/:id/activate', (req, res) => changeActive(req, res, true));

  return router;
}
