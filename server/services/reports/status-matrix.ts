import { CompletionReport, type ReportStatus } from '../../../models/completion-report';
import { CourseFigures } from '../../../models/course-figures';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { buildCityDashboard } from '../city/dashboard';
import { quarterOfDay } from '../figures/figures';
import { listUniversities } from '../courses/universities';

/**
 * A quarter without a quarter report, in one word each:
 * - `in_progress`: the quarter still runs;
 * - `not_applicable`: it has ended with no enrollments, so there is nothing to report;
 * - `course_reports`: every course of the quarter with enrollments was reported in a course report;
 * - `not_submitted`: it has ended, it had enrollments, and no report covers them. Only this one is owed.
 */
export type UnreportedState = 'in_progress' | 'not_applicable' | 'course_reports' | 'not_submitted';

/** One university's quarter: its latest report version, or why there is none. */
export type MatrixCell =
  | { state: ReportStatus; reportId: string; version: number }
  /** No quarter report: `enrollments` counted in that quarter. */
  | { state: UnreportedState; enrollments: number };

/** Why a quarter has no quarter report, from the quarter's enrollments, whether it still runs, and its courses' own reports. */
export function unreportedState(enrollments: number, running: boolean, coursesReported: boolean): UnreportedState {
  if (running) return 'in_progress';
  if (enrollments === 0) return 'not_applicable';
  return coursesReported ? 'course_reports' : 'not_submitted';
}

export interface StatusMatrix {
  quarters: string[];
  rows: { code: string; name: { ko: string; en: string }; cells: MatrixCell[] }[];
  /** Per quarter, the universities that owe a report (`not_submitted`). */
  missing: number[];
}

/** The quarters of the current year up to the current one, and every earlier quarter with courses; newest first. */
export function matrixQuarters(programmeQuarters: readonly string[], today = seoulDayOf(clock.now())): string[] {
  const current = quarterOfDay(today);
  const year = current.slice(0, 4);
  const thisYear = [1, 2, 3, 4].map((q) => `${year}-Q${q}`).filter((q) => q <= current);
  const earlier = programmeQuarters.filter((q) => q < `${year}-Q1`);
  return [...new Set([...thisYear, ...earlier])].sort().reverse();
}

/**
 * Universities × quarters with each quarter report's status (the latest version), or "not submitted".
 * Reports are read per university (an indexed equality, never the snapshots); enrollments come from
 * the dashboard's figures, so a cell counts what the dashboard counts.
 */
export async function reportStatusMatrix(actor: Actor): Promise<StatusMatrix> {
  assertCanOnProgramme(actor, 'figures:read');
  const universities = await listUniversities();
  const quarters = matrixQuarters((await buildCityDashboard(actor, {})).quarters);
  const enrollments = new Map<string, number>();
  for (const quarter of quarters) {
    for (const row of (await buildCityDashboard(actor, { period: quarter })).byUniversity)
      enrollments.set(`${row.key}/${quarter}`, row.figures.enrollments);
  }
  const current = quarterOfDay(seoulDayOf(clock.now()));
  // The courses each university counted enrollments in, per quarter: the read model keeps one document per such course.
  const coursesOf = new Map<string, string[]>();
  for (const quarter of quarters) {
    for (const c of await CourseFigures.find({ quarter }, { universityCode: 1 }).lean()) {
      const key = `${c.universityCode}/${quarter}`;
      coursesOf.set(key, [...(coursesOf.get(key) ?? []), String(c._id)]);
    }
  }
  const rows = await Promise.all(
    universities.map(async (u) => {
      const latest = new Map<string, { _id: unknown; version: number; status: ReportStatus }>();
      const reports = await CompletionReport.find({ university: u._id }, { period: 1, version: 1, status: 1 }).lean();
      for (const r of reports) {
        const seen = latest.get(r.period);
        if (!seen || seen.version < r.version)
          latest.set(r.period, { _id: r._id, version: r.version, status: r.status });
      }
      // A course report counts while it stands: a returned one is to be submitted again.
      const reportedCourse = (id: string) => {
        const report = latest.get(`course:${id}`);
        return !!report && report.status !== 'returned';
      };
      const cells = quarters.map((quarter): MatrixCell => {
        const report = latest.get(quarter);
        if (report) return { state: report.status, reportId: String(report._id), version: report.version };
        const count = enrollments.get(`${u.code}/${quarter}`) ?? 0;
        const courses = coursesOf.get(`${u.code}/${quarter}`) ?? [];
        return {
          state: unreportedState(count, quarter >= current, courses.length > 0 && courses.every(reportedCourse)),
          enrollments: count,
        };
      });
      return { code: u.code, name: u.name, cells };
    }),
  );
  const missing = quarters.map((_, i) => rows.filter((r) => r.cells[i]!.state === 'not_submitted').length);
  return { quarters, rows, missing };
}
