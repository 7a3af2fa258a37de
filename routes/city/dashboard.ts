import { Router, type Request } from 'express';
import { tracks } from '../../models/course';
import { partnerUniversities } from '../../server/seed/universities';
import { barChartSvg } from '../../server/services/bar-chart';
import { buildCityDashboard, type CityFilter } from '../../server/services/city-dashboard';
import { exportCsv, exportXlsx } from '../../server/services/city-export';
import { labelledRows } from '../../server/services/figure-labels';
import { percent } from '../../views/helpers/percent';

function filterOf(req: Request): CityFilter {
  const pick = (k: string) => (typeof req.query[k] === 'string' ? (req.query[k] as string) : undefined);
  return { period: pick('period'), university: pick('university'), track: pick('track') };
}

/** GET /city (dashboard with charts and tables), GET /city/export.csv and .xlsx with the same filters. */
export function cityDashboardRoutes(): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const dashboard = await buildCityDashboard(req.user!, filterOf(req));
    const lang = String(res.locals.lang);
    const byUniversity = labelledRows(dashboard.byUniversity, 'university', req.t, lang);
    const charts = {
      university: barChartSvg(req.t('city.chart.completionsByUniversity'), byUniversity.map((b) => ({ label: b.label, value: b.figures.completed }))),
      track: barChartSvg(req.t('city.chart.completionsByTrack'), labelledRows(dashboard.byTrack, 'track', req.t, lang).map((b) => ({ label: b.label, value: b.figures.completed }))),
      rate: barChartSvg(req.t('city.chart.rateByUniversity'), byUniversity.map((b) => ({ label: b.label, value: b.figures.completionRate ?? 0, display: percent(b.figures.completionRate) }))),
      quarter: barChartSvg(req.t('city.chart.enrollmentsByQuarter'), dashboard.byQuarter.map((b) => ({ label: b.key, value: b.figures.enrollments }))),
    };
    const query = new URLSearchParams(Object.entries(dashboard.applied).filter((e): e is [string, string] => !!e[1])).toString();
    res.render('city/dashboard', { title: req.t('city.title'), dashboard, charts, query, universities: partnerUniversities.map((u) => u.code), tracks });
  });

  // Both exports stream into the response as they are read.
  router.get('/export.csv', async (req, res) => {
    await exportCsv(req.user!, filterOf(req), res.attachment('battery-talent-hub.csv').type('text/csv; charset=utf-8'));
  });

  router.get('/export.xlsx', async (req, res) => {
    await exportXlsx(req.user!, filterOf(req), res.attachment('battery-talent-hub.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
  });

  return router;
}
