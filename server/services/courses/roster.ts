import { enrollmentStatuses, type EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { riskOf, type RiskRow, type RowsSource } from '../attendance/grid';
import { clock } from '../../lib/clock';
import { loadCourseFor } from '../course-base/access';
import { courseRosterEntries } from '../copies/course-roster';

export interface RosterRow {
  enrollmentId: string;
  name: string;
  email: string;
  category: string;
  affiliation: string;
  status: EnrollmentStatus;
  appliedAt: Date;
  waitlistRank?: number;
  /** Attendance so far and the at-risk flag, for trainees still taking the course. */
  risk?: RiskRow;
}

/** The statuses the roster can be filtered by. */
export const rosterStatuses = enrollmentStatuses;

export const rosterSorts = ['applied', 'name', 'status', 'attendance'] as const;
export type RosterSort = (typeof rosterSorts)[number];

/** Which rows the roster shows, and in what order. */
export interface RosterView {
  status?: EnrollmentStatus;
  /** Part of a name, email address or affiliation, any case. */
  q?: string;
  sort?: RosterSort;
}

function matches(row: RosterRow, q: string): boolean {
  const needle = q.toLocaleLowerCase();
  return [row.name, row.email, row.affiliation].some((field) => field.toLocaleLowerCase().includes(needle));
}

const rateKey = (row: RosterRow) => row.risk?.rateNow ?? Number.MAX_VALUE;

/** Rows without an attendance rate (not enrolled, or nothing recorded yet) sort after those with one. */
const byRosterSort: Record<RosterSort, (a: RosterRow, b: RosterRow) => number> = {
  applied: () => 0,
  name: (a, b) => a.name.localeCompare(b.name, 'ko'),
  status: (a, b) => enrollmentStatuses.indexOf(a.status) - enrollmentStatuses.indexOf(b.status),
  attendance: (a, b) => rateKey(a) - rateKey(b),
};

/** The course and its packed roster's entries, for the roster (one read of each, both held in memory while unchanged). */
export async function rosterSource(actor: Actor, courseId: string, now = new Date(clock.now())): Promise<RowsSource> {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  return { course, entries: await courseRosterEntries(course._id), now };
}

/**
 * The course's applicants with their status, category, affiliation, application time and, while
 * enrolled, attendance risk, from the course's packed roster (course-roster.ts): one read for every
 * row. Filtered, searched and sorted in memory, since a course's roster is at most a few hundred
 * rows. Ties keep the application order.
 */
export function rosterRows(source: RowsSource, view: RosterView = {}): RosterRow[] {
  const { status, q, sort = 'applied' } = view;
  const entries = source.entries.filter((e) => !status || e.status === status);
  const risks = riskOf(
    source.course,
    entries.filter((e) => e.status === 'enrolled'),
    source.now,
  );
  const rows: RosterRow[] = entries.map((e) => ({
    enrollmentId: e.enrollmentId,
    name: e.name,
    email: e.email,
    category: e.category,
    affiliation: e.affiliation,
    status: e.status,
    appliedAt: e.appliedAt,
    waitlistRank: e.waitlistRank,
    risk: risks.get(e.enrollmentId),
  }));
  const shown = q ? rows.filter((r) => matches(r, q)) : rows;
  return shown.sort(byRosterSort[sort]);
}

/** `rosterRows` of the course as it is now, with the course. */
export async function getRoster(actor: Actor, courseId: string, view: RosterView = {}) {
  const source = await rosterSource(actor, courseId);
  return { course: source.course, rows: rosterRows(source, view) };
}
