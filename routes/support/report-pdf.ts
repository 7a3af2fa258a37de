import type { Request, Response } from 'express';
import { renderReportPdf } from '../../server/services/reports/completion-report-pdf';

/** GET …/reports/:id.pdf for city and university staff alike: the report as an A4 PDF in the page's language. */
export async function sendReportPdf(req: Request<{ id: string }>, res: Response): Promise<void> {
  const { report, pdf } = await renderReportPdf(req.user!, req.params.id, req.t, req.language === 'en' ? 'en' : 'ko');
  const name = `report-${report.snapshot.university.code}-${report.period.replace(/[^\w-]/g, '_')}-v${report.version}.pdf`;
  res.type('application/pdf').set('Content-Disposition', `inline; filename="${name}"`).send(pdf);
}
