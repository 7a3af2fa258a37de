import { tracks } from '../../../models/course';
import type { TargetScope } from '../../../models/target-plan';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulDayOf } from '../../lib/calendar';
import { skillsList } from '../courses/skills';
import { listUniversities } from '../courses/universities';
import { computeFigures, type FigureRow } from '../figures/figures';
import { storedTargets, targetMeasures, type TargetMeasure } from './targets';

/**
 * Progress against a year's targets. "In year Y" extends the quarter definition (figures.ts): the
 * counted enrollments of courses whose last session falls in one of Y's four quarters (Asia/Seoul).
 * Of those, for a university (and a track, or courses tagged with a skill):
 * - trainees: distinct people (a person once, however many courses; so not the sum of the quarters);
 * - completions: completed enrollments (the sum of the quarters' completions);
 * - hours: course hours of the completed enrollments (the sum of the quarters' hours).
 * A revoked certificate makes its enrollment not completed, so it leaves completions and hours.
 */
export type YearActuals = Record<TargetMeasure, number>;

export interface MeasureProgress {
  actual: number;
  /** null: no target set for this measure. */
  target: number | null;
  /** actual ÷ target; null without a target or for a target of 0. */
  ratio: number | null;
  met: boolean | null;
}

export interface TargetProgressRow {
  university: string;
  scope: TargetScope;
  key: string;
  /** A skill's name, for a target per skill. */
  skillName?: { ko: string; en: string };
  measures: Record<TargetMeasure, MeasureProgress>;
}

const ofYear = new WeakMap<readonly FigureRow[], Map<number, FigureRow[]>>();

/** The year's rows, kept per version of the read model (the cached row list is replaced on every change). */
function rowsOfYear(all: readonly FigureRow[], year: number): FigureRow[] {
  let years = ofYear.get(all);
  if (!years) ofYear.set(all, (years = new Map()));
  let rows = years.get(year);
  if (!rows) years.set(year, (rows = all.filter((r) => r.quarter.startsWith(`${year}-`))));
  return rows;
}

function inFocus(r: FigureRow, scope: TargetScope, key: string): boolean {
  if (scope === 'track') return r.track === key;
  if (scope === 'skill') return r.skills.includes(key);
  return true;
}

/** What a university (in one focus) achieved in a year, by the definitions above. */
export function yearActuals(
  all: readonly FigureRow[],
  year: number,
  target: { university: string; scope: TargetScope; key: string },
): YearActuals {
  const figures = computeFigures(
    rowsOfYear(all, year).filter((r) => r.university === target.university && inFocus(r, target.scope, target.key)),
  );
  return { trainees: figures.uniqueTrainees, completions: figures.completed, hours: figures.hours };
}

function progress(actual: number, target: number | null): MeasureProgress {
  if (target === null) return { actual, target, ratio: null, met: null };
  return { actual, target, ratio: target > 0 ? actual / target : null, met: actual >= target };
}

/** The calendar year (Asia/Seoul) a dashboard period belongs to; no period: this year. */
export function yearOfPeriod(period: string | undefined, now = new Date()): number {
  return Number((period ?? seoulDayOf(now)).slice(0, 4));
}

/** One chart per measure that has a target: each target's share reached, with its actual and target. */
export interface ProgressChart {
  measure: TargetMeasure;
  rows: TargetProgressRow[];
}

/**
 * The year's targets with what was achieved (`all`: the programme's rows, read by the dashboard), per university in the agreement's order (its
 * overall targets, then per track, then per skill), optionally for one university (by code).
 */
export async function targetProgress(actor: Actor, all: readonly FigureRow[], year: number, universityCode?: string) {
  assertCanOnProgramme(actor, 'figures:read');
  const [targets, universities, { skills }] = await Promise.all([
    storedTargets(year),
    listUniversities(),
    skillsList(),
  ]);
  const codes = new Map(universities.map((u, i) => [String(u._id), { code: u.code, order: i }]));
  const skillOrder = new Map(skills.map((s, i) => [String(s._id), { order: i, name: s.name }]));
  const focusOrder = (scope: TargetScope, key: string) =>
    scope === 'all' ? -1 : scope === 'track' ? tracks.indexOf(key as never) : 100 + (skillOrder.get(key)?.order ?? 0);
  const rows = targets
    .flatMap((t) => {
      const university = codes.get(t.university);
      if (!university || (universityCode && university.code !== universityCode)) return [];
      const actual = yearActuals(all, year, { university: university.code, scope: t.scope, key: t.key });
      const row: TargetProgressRow & { order: number[] } = {
        university: university.code,
        scope: t.scope,
        key: t.key,
        ...(t.scope === 'skill' && { skillName: skillOrder.get(t.key)?.name }),
        measures: {
          trainees: progress(actual.trainees, t.trainees),
          completions: progress(actual.completions, t.completions),
          hours: progress(actual.hours, t.hours),
        },
        order: [university.order, focusOrder(t.scope, t.key)],
      };
      return [row];
    })
    .sort((a, b) => a.order[0]! - b.order[0]! || a.order[1]! - b.order[1]!)
    .map(({ order: _order, ...row }) => row);
  const charts: ProgressChart[] = targetMeasures
    .map((measure) => ({ measure, rows: rows.filter((r) => r.measures[measure].target !== null) }))
    .filter((c) => c.rows.length > 0);
  const set = rows.flatMap((r) => targetMeasures.map((m) => r.measures[m]).filter((m) => m.target !== null));
  return { year, rows, charts, met: set.filter((m) => m.met).length, set: set.length };
}
