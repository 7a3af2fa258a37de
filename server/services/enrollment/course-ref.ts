import type { Types } from 'mongoose';
import type { CourseStatus } from '../../../models/course';

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
  return { params: { titleKo: course.title.ko, titleEn: course.title.en }, link: `/courses/${String(course._id)}` };
}

export function hasStarted(course: CourseRef, now = new Date()): boolean {
  return !!course.startsAt && course.startsAt.getTime() <= now.getTime();
}

/** Seats are handed out (to applicants and from the waitlist) only before the course starts. */
export function seatsMove(course: CourseRef, now = new Date()): boolean {
  return (course.status === 'published' || course.status === 'closed') && !hasStarted(course, now);
}
