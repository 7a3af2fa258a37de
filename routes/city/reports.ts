import { Router, type RequestHandler } from 'express';
import { parseForm } from '../../server/forms/parse';
import { reviewSchema } from '../../server/forms/report-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { getReport, listReports, reviewReport } from '../../server/services/reports/completion-reports';
import { reportStatusMatrix } from '../../server/services/reports/status-matrix';
import { sendReportPdf } from '../support/report-pdf';

const decisions = { acknowledge: 'acknowledged', return: 'returned' } as const;

/** The city's reports inbox: open a report, check its hash, acknowledge it or return it with a note. */
export function cityReportRoutes(): Router {
  const router = Router();

  router.get('/reports', async (req, res) => {
    const status = ['submitted', 'acknowledged', 'returned'].includes(String(req.query.status))
      ? String(req.query.status)
      : undefined;
    res.render('city/reports', {
      title: req.t('reports.inbox'),
      reports: await listReports(req.user!, { status }),
      status,
    });
  });

  router.get('/reports/status', async (req, res) => {
    res.render('city/report-status', {
      title: req.t('reports.matrix.title'),
      matrix: await reportStatusMatrix(req.user!),
    });
  });

  router.get('/reports/:id.pdf', sendReportPdf);

  router.get('/reports/:id', async (req, res) => {
    res.render('reports/show', {
      title: req.t('reports.title'),
      report: await getReport(req.user!, req.params.id),
      reviewing: true,
    });
  });

  const review =
    (action: keyof typeof decisions): RequestHandler<{ id: string }> =>
    async (req, res) => {
      const decision = decisions[action];
      const done = await submitForm(parseForm(reviewSchema, req.body), ({ note }) =>
        reviewReport(req.user!, req.params.id, decision, note),
      );
      if (!done.ok) {
        return res.status(422).render('reports/show', {
          title: req.t('reports.title'),
          report: await getReport(req.user!, req.params.id),
          reviewing: true,
          values: done.values,
          errors: done.errors,
        });
      }
      flash(req, 'success', `reports.${decision}`);
      res.redirect(303, `/city/reports/${req.params.id}`);
    };
  router.post('/reports/:id/acknowledge', review('acknowledge'));
  router.post('/reports/:id/return', review('return'));

  return router;
}
