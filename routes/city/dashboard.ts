import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { RenderedRows } from '../../server/lib/rendered-rows';
import { pageLanguage, renderOnItsOwn } from '../support/render-on-its-own';
import { cityDashboardView, type CityDashboardView, type CityFilter } from '../../server/services/city/dashboard';
import { drillDown } from '../../server/services/city/drill-down';
import { exportCsv, exportDisposition, exportXlsx, type ExportContext } from '../../server/services/city/export';

/**
 * The dashboard's body, kept by what it shows: every city user with the same filters sees the same
 * figures, and rendering them (four tables, four charts, the targets) was most of the page's time.
 * Its key is its own content, so no change of figures, targets or universities can be missed.
 */
const bodies = new RenderedRows<string>({ variants: 12, size: 2_000_000 }, (html) => html.length);

/** The content key of each view built: the service hands back the same view while nothing it shows changed. */
const contentKeys = new WeakMap<CityDashboardView, string>();

function dashboardBody(res: Response, view: CityDashboardView): Promise<string> {
  let content = contentKeys.get(view);
  if (!content)
    contentKeys.set(view, (content = crypto.createHash('sha1').update(JSON.stringify(view)).digest('base64')));
  return bodies.get(pageLanguage(res), [], content, () => renderOnItsOwn(res, 'city/dashboard-body', view));
}

function filterOf(req: Request): CityFilter {
  const pick = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);
  return { period: pick('period'), university: pick('university'), track: pick('track') };
}

/** GET /city (dashboard with charts and tables), GET /city/courses (the courses behind a figure), GET /city/export.csv and .xlsx with the same filters, named after them. */
export function cityDashboardRoutes(pseudonymKey: Buffer): Router {
  const router = Router();
  const context = (req: Request): ExportContext => ({
    t: req.t,
    lang: req.language === 'en' ? 'en' : 'ko',
    pseudonymKey,
  });

  router.get('/', async (req, res) => {
    const view = await cityDashboardView(req.user!, filterOf(req));
    res.render('city/dashboard', { title: req.t('city.title'), body: await dashboardBody(res, view) });
  });

  router.get('/courses', async (req, res) => {
    const category = typeof req.query.category === 'string' ? req.query.category : undefined;
    const drill = await drillDown(req.user!, { ...filterOf(req), category, page: Number(req.query.page) || 1 });
    res.render('city/courses', { title: req.t('city.drill.title'), drill });
  });

  // Both exports stream into the response as they are read.
  router.get('/export.csv', async (req, res) => {
    await exportCsv(
      req.user!,
      filterOf(req),
      res
        .set('Content-Disposition', exportDisposition(filterOf(req), 'csv', context(req)))
        .type('text/csv; charset=utf-8'),
      context(req),
    );
  });

  router.get('/export.xlsx', async (req, res) => {
    await exportXlsx(
      req.user!,
      filterOf(req),
      res
        .set('Content-Disposition', exportDisposition(filterOf(req), 'xlsx', context(req)))
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      context(req),
    );
  });

  return router;
}
