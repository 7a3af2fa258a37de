import { isValidObjectId } from 'mongoose';
import { Course, type CourseDoc } from '../../models/course';
import type { Actor } from '../auth/actor';
import { assertCan, type Action } from '../auth/policy';
import { NotFoundError } from '../errors';

/** Loads a course and checks the actor may act on it: missing or another university's course → 404. */
export async function loadCourseFor(actor: Actor, courseId: string, action: Action): Promise<CourseDoc> {
  if (!isValidObjectId(courseId)) throw new NotFoundError();
  const course = await Course.findById(courseId).lean<CourseDoc>();
  if (!course) throw new NotFoundError();
  assertCan(actor, action, course);
  return course;
}

/** Sessions in calendar order, as plain values for views and services. */
export function orderedSessions(course: Pick<CourseDoc, 'sessions'>) {
  return [...course.sessions]
    .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start))
    .map((s) => ({ id: String(s._id), date: s.date, start: s.start, end: s.end, topic: s.topic ?? '' }));
}
