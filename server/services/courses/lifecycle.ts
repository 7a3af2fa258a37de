import { Course, type CourseDoc, type CourseStatus } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { recordAudit } from '../audit';
import { courseNotice } from '../enrollment/course-ref';
import { transition } from '../enrollment/history';
import { notifyMany } from '../notifications';
import { refreshCourseFigures } from '../read-models/course-figures';
import { loadCourseFor } from '../course-access';
import { publishProblems } from './rules';

async function setStatus(actor: Actor, course: CourseDoc, from: readonly CourseStatus[], to: CourseStatus, stamp: Record<string, Date> = {}): Promise<void> {
  if (!from.includes(course.status)) throw new FormError({ _form: `manage.lifecycle.errors.from.${course.status}` });
  await Course.updateOne({ _id: course._id }, { $set: { status: to, ...stamp } });
  await refreshCourseFigures(course._id);
  await recordAudit({ actor, action: `course.${to === 'published' ? 'publish' : to === 'closed' ? 'close' : 'cancel'}`, target: { type: 'Course', id: course._id }, university: course.university, before: { status: course.status }, after: { status: to } });
}

/** Draft (or closed, to reopen enrolment) → published, once it has sessions and a sound window. */
export async function publishCourse(actor: Actor, id: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  const problems = publishProblems(course);
  const first = Object.values(problems)[0];
  if (first) throw new FormError({ _form: first });
  await setStatus(actor, course, ['draft', 'closed'], 'published', course.publishedAt ? {} : { publishedAt: new Date() });
}

/** Published → closed: no new applications; enrolled and waitlisted trainees stay. */
export async function closeCourse(actor: Actor, id: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  await setStatus(actor, course, ['published'], 'closed');
}

/**
 * Cancels a course that has not been completed: every active application is withdrawn (with
 * the reason in its history), seats and waitlist places are released, and the trainees are told.
 */
export async function cancelCourse(actor: Actor, id: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  await setStatus(actor, course, ['draft', 'published', 'closed'], 'cancelled', { cancelledAt: new Date() });
  const active = await Enrollment.find({ course: course._id, status: { $in: ['pending', 'enrolled', 'waitlisted'] } }).lean();
  for (const enrollment of active) {
    const done = await transition(enrollment, 'withdrawn', { by: actor.id, reason: 'course_cancelled' }).then(
      () => true,
      (err: unknown) => {
        if (err instanceof FormError) return false; // the trainee withdrew at this very moment
        throw err;
      },
    );
    if (done) {
      await recordAudit({ actor, action: 'enrollment.withdraw', target: { type: 'Enrollment', id: enrollment._id }, university: course.university, before: { status: enrollment.status }, after: { status: 'withdrawn' }, meta: { reason: 'course_cancelled' } });
    }
  }
  await Seat.deleteMany({ course: course._id });
  await WaitlistEntry.deleteMany({ course: course._id });
  const notice = courseNotice(course);
  await notifyMany(active.map((e) => e.trainee), 'cancelled', notice.params, notice.link);
}
