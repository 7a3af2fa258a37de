import { bySessionStart, Course, type CourseDoc } from '../../../models/course';
import type { Actor } from '../../auth/actor';
import { assertCan, type Action } from '../../auth/policy';
import { NotFoundError } from '../../errors';
import { objectIdOr404 } from '../../lib/ids';

/** Loads a course and checks the actor may act on it: missing or another university's course → 404. */
export async function loadCourseFor(actor: Actor, courseId: string, action: Action): Promise<CourseDoc> {
  const course = await Course.findById(objectIdOr404(courseId)).lean<CourseDoc>();
  if (!course) throw new NotFoundError();
  assertCan(actor, action, course);
  return course;
}

/** Sessions in calendar order, as plain values for views and services. */
export function orderedSessions(course: Pick<CourseDoc, 'sessions'>) {
  return [...course.sessions]
    .sort(bySessionStart)
    .map((s) => ({ id: String(s._id), date: s.date, start: s.start, end: s.end, topic: s.topic ?? '' }));
}
