import { Router } from 'express';
import { attempt } from '../../server/forms/attempt';
import { parseForm } from '../../server/forms/parse';
import { reportScopeSchema } from '../../server/forms/report-form';
import { flash } from '../../server/middleware/flash';
import { buildSnapshot, getReport, listReports, reportChoices, submitReport } from '../../server/services/reports';

/** GET|POST /manage/reports (pick a quarter or course, preview, submit), GET /manage/reports/:id. */
export function reportRoutes(): Router {
  const router = Router();

  router.get('/reports', async (req, res) => {
    const [reports, choices] = await Promise.all([listReports(req.user!), reportChoices(req.user!)]);
    const form = req.query.scope ? parseForm(reportScopeSchema, req.query) : undefined;
    const preview = form?.ok ? await attempt(() => buildSnapshot(req.user!, form.data)) : undefined;
    const errors = form && !form.ok ? form.errors : preview && !preview.ok ? preview.errors : undefined;
    res.status(errors ? 422 : 200).render('reports/index', { title: req.t('reports.title'), reports, choices, values: form?.values ?? {}, errors, preview: preview?.ok ? preview.value : undefined });
  });

  router.post('/reports', async (req, res) => {
    const form = parseForm(reportScopeSchema, req.body);
    const done = form.ok ? await attempt(() => submitReport(req.user!, form.data)) : { ok: false as const, errors: form.errors };
    if (!done.ok) {
      const [reports, choices] = await Promise.all([listReports(req.user!), reportChoices(req.user!)]);
      return res.status(422).render('reports/index', { title: req.t('reports.title'), reports, choices, values: form.values, errors: done.errors });
    }
    flash(req, 'success', 'reports.submitted', { version: done.value.version });
    res.redirect(303, `/manage/reports/${String(done.value._id)}`);
  });

  router.get('/reports/:id', async (req, res) => {
    res.render('reports/show', { title: req.t('reports.title'), report: await getReport(req.user!, req.params.id) });
  });

  return router;
}
