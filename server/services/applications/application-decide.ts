import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentDoc } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { assertCan } from '../../auth/policy';
import { User } from '../../../models/user';
import { FormError, NotFoundError } from '../../errors';
import { objectIdOr404 } from '../../lib/ids';
import { freshKey, submitIntent } from '../allocation/submit';
import { hasStarted, type CourseRef } from '../course-base/course-ref';
import { refuseClash } from '../enrollment/timetable';

interface Loaded {
  enrollment: EnrollmentDoc;
  course: CourseRef & Pick<CourseDoc, 'sessions'>;
}

async function load(enrollmentId: string): Promise<Loaded> {
  const enrollment = await Enrollment.findById(objectIdOr404(enrollmentId)).lean();
  const course = enrollment && (await Course.findById(enrollment.course).lean());
  if (!enrollment || !course) throw new NotFoundError();
  return { enrollment, course };
}

/** An enrollment of the staff member's own university; another university's answers 404. */
export async function loadManagedEnrollment(actor: Actor, enrollmentId: string): Promise<Loaded> {
  const loaded = await load(enrollmentId);
  assertCan(actor, 'enrollment:manage', loaded.enrollment);
  return loaded;
}

/**
 * Hands the decision to the course's allocator (server/services/allocation/), which makes it in
 * arrival order with every other action on the course's places: the status step, the seat or
 * waitlist place given back, the first waitlisted trainee promoted into a freed seat, the audit
 * entry and the trainee's notice. A refusal (the application moved meanwhile) is a FormError.
 */
async function decide(
  actor: Actor,
  { enrollment }: Loaded,
  kind: 'approve' | 'reject' | 'withdraw',
  reason?: string,
): Promise<void> {
  const outcome = await submitIntent({
    key: freshKey(kind),
    course: enrollment.course,
    kind,
    actor,
    trainee: enrollment.trainee,
    enrollment: enrollment._id,
    reason,
  });
  if (outcome.refusal) throw new FormError({ _form: outcome.refusal }, outcome.params);
}

/**
 * Staff approve a pending application, unless another course holds the trainee's time then; the
 * seat it held becomes the trainee's. `reason` (optional) is passed on to the trainee.
 */
export async function approveEnrollment(actor: Actor, enrollmentId: string, reason?: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  if (loaded.enrollment.status !== 'pending') throw new FormError({ _form: 'enrollment.errors.notInState' });
  await refuseClash(loaded.enrollment.trainee, loaded.course);
  await decide(actor, loaded, 'approve', reason);
}

/** Staff reject a pending or waitlisted application, with an optional reason the trainee is told; a freed seat goes to the waitlist. */
export async function rejectEnrollment(actor: Actor, enrollmentId: string, reason?: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  if (!['pending', 'waitlisted'].includes(loaded.enrollment.status))
    throw new FormError({ _form: 'enrollment.errors.notInState' });
  await decide(actor, loaded, 'reject', reason);
}

/** A trainee withdraws their own application before the course starts. */
export async function withdrawEnrollment(actor: Actor, enrollmentId: string): Promise<void> {
  const loaded = await load(enrollmentId);
  if (String(loaded.enrollment.trainee) !== actor.id) throw new NotFoundError();
  if (hasStarted(loaded.course)) throw new FormError({ _form: 'enrollment.errors.alreadyStarted' });
  if (!['pending', 'enrolled', 'waitlisted'].includes(loaded.enrollment.status))
    throw new FormError({ _form: 'enrollment.errors.notInState' });
  await decide(actor, loaded, 'withdraw');
}

/** Whose application it is and for which course, for the page confirming a decision on it. */
export async function describeApplication(actor: Actor, enrollmentId: string) {
  const { enrollment, course } = await loadManagedEnrollment(actor, enrollmentId);
  const trainee = await User.findById(enrollment.trainee, { name: 1, email: 1 }).lean();
  return {
    enrollmentId: String(enrollment._id),
    courseId: String(course._id),
    courseTitle: course.title,
    name: trainee?.name ?? '',
    email: trainee?.email ?? '',
    status: enrollment.status,
  };
}
