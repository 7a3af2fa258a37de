import type { Types } from 'mongoose';
import type { CourseStatus } from '../../../models/course';
import { flatten } from '../../lib/bilingual';

/** What the enrollment rules need to know about a course. */
export interface CourseRef {
  _id: Types.ObjectId;
  university: Types.ObjectId;
  title: { ko: string; en: string };
  status: CourseStatus;
  capacity: number;
  approvalRequired?: boolean | null;
  startsAt?: Date | null;
}

/** Texts and link a notification about the course carries (both languages: the reader picks). */
export function courseNotice(course: CourseRef) {
  return { params: flatten('title', course.title), link: `/courses/${String(course._id)}` };
}

export function hasStarted(course: CourseRef, now = new Date()): boolean {
  return !!course.startsAt && course.startsAt.getTime() <= now.getTime();
}

export type EnrolmentPhase = 'notOpen' | 'opensLater' | 'open' | 'ended';

/**
 * Where a course stands in taking applications at `now`: not published, its window still to
 * open, open, or ended (window closed or course started). It changes with the clock alone, so it
 * is computed whenever it is shown or checked, never stored or cached.
 */
export function enrolmentPhase(
  course: CourseRef & { enrolmentOpensAt: Date; enrolmentClosesAt: Date },
  now = new Date(),
): EnrolmentPhase {
  if (course.status !== 'published') return 'notOpen';
  if (now < course.enrolmentOpensAt) return 'opensLater';
  if (now > course.enrolmentClosesAt || hasStarted(course, now)) return 'ended';
  return 'open';
}

/** Seats are handed out (to applicants and from the waitlist) only before the course starts. */
export function seatsMove(course: CourseRef, now = new Date()): boolean {
  return (course.status === 'published' || course.status === 'closed') && !hasStarted(course, now);
}
