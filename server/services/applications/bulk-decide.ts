import { Enrollment } from '../../../models/enrollment';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { loadCourseFor } from '../course-base/access';
import { approveEnrollment, rejectEnrollment } from './application-decide';

export type BulkAction = 'approve' | 'reject';

export interface BulkRow {
  enrollmentId: string;
  name: string;
  done: boolean;
  /** Why the row was skipped: the i18n key of the rule that refused it. */
  skipped?: string;
  params?: Record<string, string>;
}

export interface BulkReport {
  action: BulkAction;
  done: number;
  /** Skipped rows counted by reason, in the order the reasons first came up. */
  skipped: { reason: string; count: number }[];
  rows: BulkRow[];
}

const pick = ({ enrollmentId, name }: { enrollmentId: string; name: string }) => ({ enrollmentId, name });

const decisions = { approve: approveEnrollment, reject: rejectEnrollment } as const;

/** The selected applications of the course, each with the trainee's name; ids of other courses are left out. */
export async function selectedApplications(actor: Actor, courseId: string, ids: readonly string[]) {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const wanted = new Set(ids);
  const enrollments = (await Enrollment.find({ course: course._id }, { trainee: 1, status: 1 }).lean()).filter((e) =>
    wanted.has(String(e._id)),
  );
  const users = await findByIds(User, idsOf(enrollments, 'trainee'), { name: 1, email: 1 });
  const rows = enrollments.map((e) => ({
    enrollmentId: String(e._id),
    name: users.get(String(e.trainee))?.name ?? '',
    email: users.get(String(e.trainee))?.email ?? '',
    status: e.status,
  }));
  return { course, rows };
}

/**
 * Approves or rejects the selected applications of one course, one by one through the same
 * service as a single decision (seat, timetable, waitlist promotion, audit, notice), so a bulk
 * decision follows exactly the same rules. A row a rule refuses is skipped, having written
 * nothing, and the report says which rows were decided and why the others were not.
 */
export async function decideMany(
  actor: Actor,
  courseId: string,
  input: { action: BulkAction; ids: readonly string[]; reason?: string },
): Promise<BulkReport> {
  const { rows } = await selectedApplications(actor, courseId, input.ids);
  const decide = decisions[input.action];
  const report: BulkReport = { action: input.action, done: 0, skipped: [], rows: [] };
  for (const row of rows) {
    try {
      await decide(actor, row.enrollmentId, input.reason || undefined);
    } catch (err) {
      if (!(err instanceof FormError)) throw err;
      const reason = Object.values(err.errors)[0] ?? 'errors.badRequest.body';
      report.rows.push({ ...pick(row), done: false, skipped: reason, params: err.params });
      const counted = report.skipped.find((s) => s.reason === reason);
      if (counted) counted.count++;
      else report.skipped.push({ reason, count: 1 });
      continue;
    }
    report.done++;
    report.rows.push({ ...pick(row), done: true });
  }
  return report;
}
