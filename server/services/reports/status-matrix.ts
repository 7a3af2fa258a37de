import { CompletionReport, type ReportStatus } from '../../../models/completion-report';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { buildCityDashboard } from '../city/dashboard';
import { quarterOfDay } from '../city/figures';
import { listUniversities } from '../courses/universities';

/** One university's quarter: its latest report version, or what is missing. */
export type MatrixCell =
  | { state: ReportStatus; reportId: string; version: number }
  /** No report: `enrollments` counted in that quarter (0 = nothing to report); `open` while the quarter still runs. */
  | { state: 'not_submitted'; enrollments: number; open: boolean };

export interface StatusMatrix {
  quarters: string[];
  rows: { code: string; name: { ko: string; en: string }; cells: MatrixCell[] }[];
  /** Per quarter, the universities that owe a report: not submitted although they had enrollments and the quarter ended. */
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
  const rows = await Promise.all(
    universities.map(async (u) => {
      const latest = new Map<string, { _id: unknown; version: number; status: ReportStatus }>();
      const reports = await CompletionReport.find({ university: u._id }, { period: 1, version: 1, status: 1 }).lean();
      for (const r of reports) {
        const seen = latest.get(r.period);
        if (!seen || seen.version < r.version)
          latest.set(r.period, { _id: r._id, version: r.version, status: r.status });
      }
      const cells = quarters.map((quarter): MatrixCell => {
        const report = latest.get(quarter);
        if (report) return { state: report.status, reportId: String(report._id), version: report.version };
        return {
          state: 'not_submitted',
          enrollments: enrollments.get(`${u.code}/${quarter}`) ?? 0,
          open: quarter >= current,
        };
      });
      return { code: u.code, name: u.name, cells };
    }),
  );
  const missing = quarters.map(
    (_, i) =>
      rows.filter((r) => {
        const cell = r.cells[i]!;
        return cell.state === 'not_submitted' && cell.enrollments > 0 && !cell.open;
      }).length,
  );
  return { quarters, rows, missing };
}
