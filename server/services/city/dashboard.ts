import { readCacheVersion } from '../../../models/cache-version';
import { tracks } from '../../../models/course';
import { University } from '../../../models/university';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import type { BreakdownKind } from './figure-labels';
import {
  breakdown,
  computeFigures,
  isQuarter,
  type FigureFilter,
  type FigureRow,
  type Figures,
} from '../figures/figures';
import { VersionedCache } from '../../lib/versioned-cache';
import { noSuchId } from '../../lib/ids';
import { figuresCacheKey, loadFigureRows } from '../copies/course-figures';
import { catalogSnapshot } from '../course-base/catalog-snapshot';
import { listUniversities } from '../courses/universities';
import { skillsList } from '../courses/skills';
import { heldTargetPlans } from './targets';
import { targetProgress, yearOfPeriod } from './target-progress';

/** The city's filters: period (quarter), university code, track. Unknown values are ignored. */
export interface CityFilter {
  period?: string;
  university?: string;
  track?: string;
}

/** The filters that apply: a malformed period or an unknown track is dropped; an unknown university matches nothing. */
export function appliedFilter(filter: CityFilter): CityFilter {
  const applied: CityFilter = {};
  if (isQuarter(filter.period)) applied.period = filter.period;
  if (filter.track && (tracks as readonly string[]).includes(filter.track)) applied.track = filter.track;
  if (filter.university) applied.university = String(filter.university);
  return applied;
}

/** The same filter as the read model takes it, with the university code resolved to its id. */
export async function figureFilterOf(applied: CityFilter): Promise<FigureFilter> {
  const figureFilter: FigureFilter = { quarter: applied.period, track: applied.track };
  if (applied.university) {
    const u = await University.findOne({ code: applied.university }, { _id: 1 }).lean();
    // An unknown university code matches nothing rather than everything.
    figureFilter.universityId = u ? String(u._id) : noSuchId;
  }
  return figureFilter;
}

type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

function computeDashboard(all: readonly FigureRow[], applied: CityFilter) {
  const rows = all.filter(
    (r) =>
      (!applied.period || r.quarter === applied.period) &&
      (!applied.university || r.university === applied.university) &&
      (!applied.track || r.track === applied.track),
  );
  return {
    applied,
    totals: computeFigures(rows),
    byUniversity: breakdown(rows, 'university'),
    byTrack: breakdown(rows, 'track'),
    byCategory: breakdown(rows, 'category'),
    byQuarter: breakdown(rows, 'quarter'),
    quarters: [...new Set(all.map((r) => r.quarter))].sort().reverse(),
  };
}

/**
 * Every figure row of the programme as of one version of the read model, and the dashboards
 * computed from it per filter. A change anywhere (on any instance) overwrites the version before
 * that change's request answers, so nothing stale is served.
 */
const programme = new VersionedCache(
  () => readCacheVersion(figuresCacheKey),
  async () => ({
    rows: await loadFigureRows({}),
    dashboards: new Map<string, Dashboard>(),
  }),
);
/** Every figure row of the programme, as of the read model's current version (shared with the dashboard). */
export async function programmeFigureRows(): Promise<readonly FigureRow[]> {
  return (await programme.get()).rows;
}

/** Distinct filters kept per version; the university code is free text, so the map is bounded. */
const maxDashboards = 100;

type Programme = Awaited<ReturnType<typeof programme.get>>;

/** The filter's dashboard in the programme as held now. */
function dashboardIn({ rows, dashboards }: Programme, filter: CityFilter): Dashboard {
  const applied = appliedFilter(filter);
  const key = JSON.stringify([applied.period, applied.university, applied.track]);
  const cached = dashboards.get(key);
  if (cached) return cached;
  const dashboard = computeDashboard(rows, applied);
  if (dashboards.size >= maxDashboards) dashboards.clear();
  dashboards.set(key, dashboard);
  return dashboard;
}

/** The programme's figures with every breakdown the dashboard shows (see figures.ts for definitions). */
export async function buildCityDashboard(actor: Actor, filter: CityFilter): Promise<Dashboard> {
  assertCanOnProgramme(actor, 'figures:read');
  return dashboardIn(await programme.get(), filter);
}

/** One bar chart of the dashboard: the `barChart` view helper labels the keys in the page's language and draws it. */
export interface BarChart {
  /** i18n key of the chart's title. */
  title: string;
  kind: BreakdownKind;
  bars: { key: string; value: number | null }[];
  /** Values are rates, shown as percentages. */
  percent?: boolean;
}

function chartOf(
  title: string,
  kind: BreakdownKind,
  rows: readonly { key: string; figures: Figures }[],
  figure: 'completed' | 'enrollments' | 'completionRate',
): BarChart {
  return {
    title,
    kind,
    bars: rows.map((r) => ({ key: r.key, value: r.figures[figure] })),
    ...(figure === 'completionRate' && { percent: true }),
  };
}

/** The query parameter of the drill-down (/city/courses) that each breakdown's key sets. */
const drillParam = { university: 'university', track: 'track', category: 'category', quarter: 'period' } as const;

/** The link from a figure to the courses behind it: the dashboard's filters plus the figure's own key. */
export function drillHref(
  applied: CityFilter & { category?: string },
  kind?: keyof typeof drillParam,
  key?: string,
): string {
  const query = new URLSearchParams(Object.entries(applied).filter((e): e is [string, string] => !!e[1]));
  if (kind && key !== undefined) query.set(drillParam[kind], key);
  return `/city/courses?${query}`;
}

export type CityDashboardView = Awaited<ReturnType<typeof buildView>>;

/**
 * The last view of each dashboard (one per programme version and filter), with what else it was
 * built from. The same inputs give back the same object, so that the page finds its rendered body
 * by it (routes/city/dashboard.ts) without building and hashing the view again.
 */
const lastViews = new WeakMap<Dashboard, { inputs: readonly unknown[]; view: CityDashboardView }>();

/** Everything the city dashboard page shows: figures and breakdowns, charts, the filters applied and their options. */
export async function cityDashboardView(actor: Actor, filter: CityFilter): Promise<CityDashboardView> {
  assertCanOnProgramme(actor, 'figures:read');
  // Every held value the view is built from, each the same object until its collection is written.
  const [figures, ...held] = await Promise.all([programme.get(), catalogSnapshot(), heldTargetPlans(), skillsList()]);
  const dashboard = dashboardIn(figures, filter);
  const year = yearOfPeriod(dashboard.applied.period);
  const inputs = [year, ...held];
  const last = lastViews.get(dashboard);
  if (last?.inputs.every((input, i) => input === inputs[i])) return last.view;
  const view = await buildView(actor, dashboard, figures.rows, year);
  lastViews.set(dashboard, { inputs, view });
  return view;
}

async function buildView(actor: Actor, dashboard: Dashboard, rows: readonly FigureRow[], year: number) {
  const applied = Object.entries(dashboard.applied).filter((e): e is [string, string] => !!e[1]);
  const linked = (kind: keyof typeof drillParam, rows: readonly { key: string; figures: Figures }[]) =>
    rows.map((r) => ({ ...r, href: drillHref(dashboard.applied, kind, r.key) }));
  return {
    dashboard,
    tables: {
      totalsHref: drillHref(dashboard.applied),
      university: linked('university', dashboard.byUniversity),
      track: linked('track', dashboard.byTrack),
      category: linked('category', dashboard.byCategory),
      quarter: linked('quarter', dashboard.byQuarter),
    },
    charts: {
      university: chartOf('city.chart.completionsByUniversity', 'university', dashboard.byUniversity, 'completed'),
      rate: chartOf('city.chart.rateByUniversity', 'university', dashboard.byUniversity, 'completionRate'),
      track: chartOf('city.chart.completionsByTrack', 'track', dashboard.byTrack, 'completed'),
      quarter: chartOf('city.chart.enrollmentsByQuarter', 'quarter', dashboard.byQuarter, 'enrollments'),
    },
    /** The applied filters as a query string, carried to the export links. */
    query: new URLSearchParams(applied).toString(),
    universities: (await listUniversities()).map((u) => u.code),
    tracks,
    targets: await targetProgress(actor, rows, year, dashboard.applied.university),
  };
}
