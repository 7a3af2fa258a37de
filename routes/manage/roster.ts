import { Router, type Request, type Response } from 'express';
import { parseForm } from '../../server/forms/parse';
import { bulkDecisionSchema, enrolSchema, parseRosterQuery, rosterMessageSchema } from '../../server/forms/roster-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { getRoster, rosterSorts, rosterSource, rosterStatuses } from '../../server/services/courses/roster';
import { rosterCsv } from '../../server/services/courses/roster-csv';
import { decideMany, selectedApplications, type BulkReport } from '../../server/services/applications/bulk-decide';
import { enrolByEmail } from '../../server/services/applications/staff-enrol';
import { messageEnrolled } from '../../server/services/announcements/course-message';
import { isConfirmed, postedFields, renderConfirm } from '../support/confirm';
import { rosterRowsHtml } from '../support/staff-rows';

interface RosterExtras {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  errorParams?: Record<string, string>;
  report?: BulkReport;
}

/** The roster's query string (search, status, sort), kept by its forms so a post comes back to the same view. */
function rosterQueryString(req: Request): string {
  const view = parseRosterQuery(req.query);
  const params = new URLSearchParams();
  if (view.status) params.set('status', view.status);
  if (view.q) params.set('q', view.q);
  if (view.sort !== 'applied') params.set('sort', view.sort);
  const search = params.toString();
  return search ? `?${search}` : '';
}

async function renderRoster(req: Request, res: Response, extras: RosterExtras = {}) {
  const view = parseRosterQuery(req.query);
  const source = await rosterSource(req.user!, String(req.params.id));
  const selected = [extras.values?.ids ?? []].flat().map(String);
  res.render('manage/courses/roster', {
    title: req.t('manage.roster.title'),
    course: source.course,
    rowsHtml: await rosterRowsHtml(res, source, view, selected),
    view,
    query: rosterQueryString(req),
    statuses: rosterStatuses,
    sorts: rosterSorts,
    ...extras,
  });
}

async function rosterExport(req: Request, res: Response) {
  const { course, rows } = await getRoster(req.user!, String(req.params.id), parseRosterQuery(req.query));
  res.type('text/csv; charset=utf-8').attachment(`roster-${course.code}.csv`).send(rosterCsv(rows, req.t));
}

/** Approves or rejects the checked rows; rejecting asks for confirmation first. The roster comes back with a report per row. */
async function decide(req: Request, res: Response) {
  const id = String(req.params.id);
  const form = parseForm(bulkDecisionSchema, req.body);
  if (!form.ok) return renderRoster(req, res.status(422), { values: form.values, errors: form.errors });
  if (form.data.action === 'reject' && !isConfirmed(req)) {
    const { rows } = await selectedApplications(req.user!, id, form.data.ids);
    return renderConfirm(
      res,
      {
        title: 'manage.rejectConfirm.bulkTitle',
        effects: [
          { key: 'manage.rejectConfirm.bulk', params: { count: rows.length } },
          { key: 'manage.rejectConfirm.told' },
        ],
        items: rows.map((r) => `${r.name} (${r.email})`),
        action: `/manage/courses/${id}/roster/decide${rosterQueryString(req)}`,
        fields: postedFields(form.values, ['reason']),
        reason: { label: 'manage.roster.reason', hint: 'manage.roster.reasonHint' },
        button: 'manage.roster.rejectSelected',
        back: `/manage/courses/${id}/roster${rosterQueryString(req)}`,
      },
      { values: form.values },
    );
  }
  renderRoster(req, res, { report: await decideMany(req.user!, id, form.data) });
}

async function enrol(req: Request, res: Response) {
  const id = String(req.params.id);
  const result = await submitForm(parseForm(enrolSchema, req.body), ({ email }) => enrolByEmail(req.user!, id, email));
  if (!result.ok)
    return renderRoster(req, res.status(422), {
      values: result.values,
      errors: result.errors,
      errorParams: result.params,
    });
  flash(req, 'success', 'manage.enrol.done', { email: result.data.email, context: result.value.status });
  res.redirect(303, `/manage/courses/${id}/roster${rosterQueryString(req)}`);
}

async function message(req: Request, res: Response) {
  const id = String(req.params.id);
  const result = await submitForm(parseForm(rosterMessageSchema, req.body), (m) => messageEnrolled(req.user!, id, m));
  if (!result.ok)
    return renderRoster(req, res.status(422), {
      values: result.values,
      errors: result.errors,
      errorParams: result.params,
    });
  flash(req, 'success', 'manage.roster.message.sent', { count: result.value });
  res.redirect(303, `/manage/courses/${id}/roster${rosterQueryString(req)}`);
}

/** A course's roster: search, sort, CSV, bulk decisions, enrolling by email, messages (mounted inside the /manage guard). */
export function rosterRoutes(): Router {
  const router = Router();
  router.get('/courses/:id/roster', (req, res) => renderRoster(req, res));
  router.get('/courses/:id/roster.csv', rosterExport);
  router.post('/courses/:id/roster/decide', decide);
  router.post('/courses/:id/roster/enrol', enrol);
  router.post('/courses/:id/roster/message', message);
  return router;
}
