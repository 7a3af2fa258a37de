import type { EnrollmentStatus } from '../../../models/enrollment';
import { enrolmentPhase, type CourseRef } from '../course-base/course-ref';

/** Statuses from which a trainee may apply again, re-using the same enrollment document. */
const reapplicable: readonly EnrollmentStatus[] = ['withdrawn', 'rejected'];

/** Whether a trainee whose application for a course stands at `status` (none: never applied) may apply for it again. */
export function mayApplyAgain(status: EnrollmentStatus | undefined): boolean {
  return !status || reapplicable.includes(status);
}

const phaseRefusals = {
  notOpen: 'enrollment.errors.notOpen',
  opensLater: 'enrollment.errors.notOpenYet',
  ended: 'enrollment.errors.windowClosed',
} as const;

export type ApplicableCourse = CourseRef & {
  enrolmentOpensAt: Date;
  enrolmentClosesAt: Date;
  eligibleCategories?: string[] | null;
};

/** The reason a trainee may not apply now, as an i18n key, or undefined when they may. */
export function applyRefusal(
  course: ApplicableCourse,
  category: string | undefined,
  now = new Date(),
): string | undefined {
  const phase = enrolmentPhase(course, now);
  if (phase !== 'open') return phaseRefusals[phase];
  if (!category) return 'enrollment.errors.profileIncomplete';
  if (course.eligibleCategories && !course.eligibleCategories.includes(category)) return 'enrollment.errors.ineligible';
  return undefined;
}
