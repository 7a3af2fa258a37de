import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentDoc, type EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { assertCan } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/record';
import { objectIdOr404 } from '../../lib/ids';
import { notify } from '../notifications/notices';
import { courseNotice, hasStarted, type CourseRef } from './course-ref';
import { transition } from './history';
import { fillFreeSeats } from './promotion';
import { freeSeat } from './seats';
import { refuseClash } from './timetable';
import { leaveWaitlist } from './waitlist';

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

/** Releases what the enrollment held (seat or waitlist place) and hands a freed seat on. */
async function release({ enrollment, course }: Loaded, actor: Actor): Promise<void> {
  if (enrollment.status === 'waitlisted') {
    await leaveWaitlist(course._id, enrollment._id);
    return;
  }
  if (await freeSeat(course._id, enrollment._id)) await fillFreeSeats(course, actor);
}

async function move(
  actor: Actor,
  loaded: Loaded,
  from: readonly EnrollmentStatus[],
  to: EnrollmentStatus,
  action: 'approve' | 'reject' | 'withdraw',
): Promise<void> {
  if (!from.includes(loaded.enrollment.status)) throw new FormError({ _form: 'enrollment.errors.notInState' });
  await transition(loaded.enrollment, to, { by: actor.id, reason: action });
  await recordAudit({
    actor,
    action: `enrollment.${action}` as const,
    target: { type: 'Enrollment', id: loaded.enrollment._id },
    university: loaded.course.university,
    before: { status: loaded.enrollment.status },
    after: { status: to },
  });
}

/** Staff approve a pending application, unless another course holds the trainee's time then; the seat it held becomes the trainee's. */
export async function approveEnrollment(actor: Actor, enrollmentId: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  await refuseClash(loaded.enrollment.trainee, loaded.course);
  await move(actor, loaded, ['pending'], 'enrolled', 'approve');
  const notice = courseNotice(loaded.course);
  await notify(loaded.enrollment.trainee, 'approved', notice.params, notice.link);
}

/** Staff reject a pending or waitlisted application; a freed seat goes to the waitlist. */
export async function rejectEnrollment(actor: Actor, enrollmentId: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  await move(actor, loaded, ['pending', 'waitlisted'], 'rejected', 'reject');
  await release(loaded, actor);
  const notice = courseNotice(loaded.course);
  await notify(loaded.enrollment.trainee, 'rejected', notice.params, notice.link);
}

/** A trainee withdraws their own application before the course starts. */
export async function withdrawEnrollment(actor: Actor, enrollmentId: string): Promise<void> {
  const loaded = await load(enrollmentId);
  if (String(loaded.enrollment.trainee) !== actor.id) throw new NotFoundError();
  if (hasStarted(loaded.course)) throw new FormError({ _form: 'enrollment.errors.alreadyStarted' });
  await move(actor, loaded, ['pending', 'enrolled', 'waitlisted'], 'withdrawn', 'withdraw');
  await release(loaded, actor);
}
