import { Course, type CourseDoc, type CourseStatus } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { recordAudit } from '../audit/record';
import { submitIntent } from '../allocation/submit';
import { writeAnnounced } from '../copies/changes';
import { loadCourseFor } from '../course-base/access';
import { publishProblems } from './rules';

const cancellable: readonly CourseStatus[] = ['draft', 'published', 'closed'];

async function setStatus(
  actor: Actor,
  course: CourseDoc,
  from: readonly CourseStatus[],
  to: CourseStatus,
  stamp: Record<string, Date> = {},
): Promise<void> {
  if (!from.includes(course.status)) throw new FormError({ _form: `manage.lifecycle.errors.from.${course.status}` });
  await writeAnnounced({ fact: 'course', course: course._id }, () =>
    Course.updateOne({ _id: course._id }, { $set: { status: to, ...stamp } }),
  );
  await recordAudit({
    actor,
    action: `course.${to === 'published' ? 'publish' : to === 'closed' ? 'close' : 'cancel'}` as const,
    target: { type: 'Course', id: course._id },
    university: course.university,
    before: { status: course.status },
    after: { status: to },
  });
}

/** Draft (or closed, to reopen enrolment) → published, once it has sessions and a sound window. */
export async function publishCourse(actor: Actor, id: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  const problems = publishProblems(course);
  const first = Object.values(problems)[0];
  if (first) throw new FormError({ _form: first });
  await setStatus(
    actor,
    course,
    ['draft', 'closed'],
    'published',
    course.publishedAt ? {} : { publishedAt: new Date() },
  );
}

/** Published → closed: no new applications; enrolled and waitlisted trainees stay. */
export async function closeCourse(actor: Actor, id: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  await setStatus(actor, course, ['published'], 'closed');
}

/** What cancelling would do, for the page that asks to confirm it: the course and its open applications by status. */
export async function cancellationPreview(actor: Actor, id: string) {
  const course = await loadCourseFor(actor, id, 'course:write');
  const open = { enrolled: 0, pending: 0, waitlisted: 0 };
  for (const { status } of await Enrollment.find({ course: course._id }, { status: 1 }).lean())
    if (status === 'enrolled' || status === 'pending' || status === 'waitlisted') open[status]++;
  return { course, open };
}

/**
 * Cancels a course that has not been completed: every active application is withdrawn (with
 * the reason in its history), seats and waitlist places are released, and the trainees are told,
 * with the staff member's `reason` (kept on the course and in the audit entry).
 * The course's allocator does all of it, the status first, from one durable intent
 * (allocation/plan.ts), so a crash at any step is finished by whichever instance runs it next.
 */
export async function cancelCourse(actor: Actor, id: string, reason: string): Promise<void> {
  const course = await loadCourseFor(actor, id, 'course:write');
  if (!cancellable.includes(course.status))
    throw new FormError({ _form: `manage.lifecycle.errors.from.${course.status}` });
  // One key per course: a resent form is the same cancellation.
  const outcome = await submitIntent({
    key: `cancel:${String(course._id)}`,
    course: course._id,
    kind: 'cancel',
    actor,
    reason,
  });
  if (outcome.refusal) throw new FormError({ _form: outcome.refusal });
}
