import type { CourseFiguresDoc } from '../../../models/course-figures';
import { traineeCategories } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { pageWindow } from '../../lib/pagination';
import { courseFiguresQuery, figureRowsOf } from '../copies/course-figures';
import { appliedFilter, drillHref, figureFilterOf, type CityFilter } from './dashboard';
import { computeFigures, type FigureRow, type Figures } from '../figures/figures';

/** The dashboard's filters plus a trainee category: the keys of every figure the dashboard shows. */
export interface DrillFilter extends CityFilter {
  category?: string;
  page?: number;
}

const categoryKeys: readonly string[] = [...traineeCategories, 'unknown'];
export const drillPageSize = 50;

export interface DrillCourse {
  id: string;
  university: string;
  code: string;
  title: { ko: string; en: string };
  track: string;
  quarter: string;
  figures: Figures;
}

/**
 * The courses behind one dashboard figure, each with its own figures, and their totals (which are
 * the dashboard's number for that cell). Reads the per-course read model by equality on the indexed
 * quarter, university and track; the category is a property of each enrollment row, so it filters rows.
 */
export async function drillDown(actor: Actor, filter: DrillFilter) {
  assertCanOnProgramme(actor, 'figures:read');
  const applied = appliedFilter(filter);
  const category = filter.category && categoryKeys.includes(filter.category) ? filter.category : undefined;
  const docs = await courseFiguresQuery(await figureFilterOf(applied)).lean<CourseFiguresDoc[]>();
  const keep = (r: FigureRow) => !category || r.category === category;
  const courses: DrillCourse[] = [];
  const all: FigureRow[] = [];
  for (const doc of docs) {
    const rows = figureRowsOf(doc).filter(keep);
    if (rows.length === 0) continue;
    all.push(...rows);
    courses.push({
      id: String(doc._id),
      university: doc.universityCode,
      code: doc.code,
      title: doc.title,
      track: doc.track,
      quarter: doc.quarter,
      figures: computeFigures(rows),
    });
  }
  courses.sort((a, b) => a.university.localeCompare(b.university) || a.code.localeCompare(b.code));
  const { page, pages, skip } = pageWindow(courses.length, filter.page ?? 1, drillPageSize);
  const pageHref = (n: number) => `${drillHref({ ...applied, ...(category && { category }) })}&page=${n}`;
  return {
    applied: { ...applied, ...(category && { category }) },
    prevHref: page > 1 ? pageHref(page - 1) : undefined,
    nextHref: page < pages ? pageHref(page + 1) : undefined,
    totals: computeFigures(all),
    count: courses.length,
    courses: courses.slice(skip, skip + drillPageSize),
    page,
    pages,
  };
}
