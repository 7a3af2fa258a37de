import { tracks } from '../../models/course';
import { University } from '../../models/university';
import type { Actor } from '../auth/actor';
import { breakdown, computeFigures, isQuarter, loadFigureRows, type FigureFilter, type FigureRow } from './programme-figures';

/** The city's filters: period (quarter), university code, track. Unknown values are ignored. */
export interface CityFilter {
  period?: string;
  university?: string;
  track?: string;
}

export async function resolveFilter(filter: CityFilter): Promise<{ figureFilter: FigureFilter; applied: CityFilter }> {
  const applied: CityFilter = {};
  const figureFilter: FigureFilter = {};
  if (isQuarter(filter.period)) figureFilter.quarter = applied.period = filter.period;
  if (filter.track && (tracks as readonly string[]).includes(filter.track)) figureFilter.track = applied.track = filter.track;
  if (filter.university) {
    const u = await University.findOne({ code: String(filter.university) }).lean();
    // An unknown university code matches nothing rather than everything.
    figureFilter.universityId = u ? String(u._id) : '000000000000000000000000';
    applied.university = filter.university;
  }
  return { figureFilter, applied };
}

/** Rows the city may see for a filter; city staff read every university. */
export async function cityRows(_actor: Actor, filter: CityFilter): Promise<{ rows: FigureRow[]; applied: CityFilter }> {
  const { figureFilter, applied } = await resolveFilter(filter);
  return { rows: await loadFigureRows(figureFilter), applied };
}

/** The programme's figures with every breakdown the dashboard shows (see programme-figures for definitions). */
export async function buildCityDashboard(actor: Actor, filter: CityFilter) {
  const { rows, applied } = await cityRows(actor, filter);
  const all = await loadFigureRows({});
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
