import { Enrollment, enrollmentStatuses, type EnrollmentStatus } from '../../../models/enrollment';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { riskOf, type RiskRow } from '../attendance/grid';
import { waitlistRanks } from '../enrollment/waitlist';
import { loadCourseFor } from './access';
import { findByIds } from '../../lib/find-by-ids';

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

export function rosterStatus(value: unknown): EnrollmentStatus | undefined {
  return enrollmentStatuses.find((s) => s === value);
}

/** The course's applicants with their status, category, affiliation, application time and, while enrolled, attendance risk. */
export async function getRoster(actor: Actor, courseId: string, status?: EnrollmentStatus) {
  const course = await loadCourseFor(actor, courseId, 'course:write');
  const enrollments = await Enrollment.find({ course: course._id, ...(status ? { status } : {}) })
    .sort({ appliedAt: 1, _id: 1 })
    .lean();
  const [users, ranks, risks] = await Promise.all([
    findByIds(
      User,
      enrollments.map((e) => e.trainee),
      { name: 1, email: 1, trainee: 1 },
    ),
    waitlistRanks(course._id),
    riskOf(
      course,
      enrollments.filter((e) => e.status === 'enrolled'),
    ).then((rows) => new Map(rows.map((r) => [r.enrollmentId, r]))),
  ]);
  const rows: RosterRow[] = enrollments.map((e) => {
    const user = users.get(String(e.trainee));
    return {
      enrollmentId: String(e._id),
      name: user?.name ?? '',
      email: user?.email ?? '',
      category: user?.trainee?.category ?? '',
      affiliation: user?.trainee?.affiliation ?? '',
      status: e.status,
      appliedAt: e.appliedAt,
      waitlistRank: ranks.get(String(e._id)),
      risk: e.status === 'enrolled' ? risks.get(String(e._id)) : undefined,
    };
  });
  return { course, rows };
}
