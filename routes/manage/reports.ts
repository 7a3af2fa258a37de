import { Router, type Request, type Response } from 'express';
import { attempt } from '../support/attempt';
import { parseForm, type FieldErrors, type ParseResult } from '../../server/forms/parse';
import { reportScopeSchema } from '../../server/forms/report-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import {
  getReport,
  listReports,
  previewReport,
  reportChoices,
  submitReport,
  type ReportScope,
} from '../../server/services/reports/completion-reports';
import { sendReportPdf } from '../support/report-pdf';

/** The reports page with the preview of the chosen scope (and the courses it waits for); 422 when something failed. */
async function renderIndex(
  req: Request,
  res: Response,
  form: ParseResult<ReportScope> | undefined,
  failed?: FieldErrors,
) {
  const [reports, choices, preview] = await Promise.all([
    listReports(req.user!),
    reportChoices(req.user!),
    form?.ok ? attempt(() => previewReport(req.user!, form.data)) : undefined,
  ]);
  const errors = failed ?? (form && !form.ok ? form.errors : preview && !preview.ok ? preview.errors : undefined);
  res.status(errors ? 422 : 200).render('reports/index', {
    title: req.t('reports.title'),
    reports,
    choices,
    values: form?.values ?? {},
    errors,
    preview: preview?.ok ? preview.value : undefined,
  });
}

/** GET|POST /manage/reports (pick a quarter or course, preview, submit), GET /manage/reports/:id. */
export function reportRoutes(): Router {
  const router = Router();

  router.get('/reports', async (req, res) => {
    await renderIndex(req, res, req.query.scope ? parseForm(reportScopeSchema, req.query) : undefined);
  });

  router.post('/reports', async (req, res) => {
    const form = parseForm(reportScopeSchema, req.body);
    const done = await submitForm(form, (scope) => submitReport(req.user!, scope));
    if (!done.ok) return renderIndex(req, res, form, done.errors);
    flash(req, 'success', 'reports.submitted', { version: done.value.version });
    res.redirect(303, `/manage/reports/${String(done.value._id)}`);
  });

  router.get('/reports/:id.pdf', sendReportPdf);

  router.get('/reports/:id', async (req, res) => {
    res.render('reports/show', { title: req.t('reports.title'), report: await getReport(req.user!, req.params.id) });
  });

  return router;
}
