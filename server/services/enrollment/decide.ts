import { Course, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentDoc, type EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { assertCan } from '../../auth/policy';
import { Seat } from '../../../models/seat';
import { User } from '../../../models/user';
import { FormError, NotFoundError } from '../../errors';
import { recordAudit } from '../audit/record';
import { objectIdOr404 } from '../../lib/ids';
import { notify } from '../notifications/notices';
import { courseNotice, hasStarted, type CourseRef } from './course-ref';
import { transition } from './history';
import { fillFreeSeats } from './promotion';
import { freeSeat, takeSeat } from './seats';
import { refuseClash, timeHoldingStatuses } from './timetable';
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
  reason?: string,
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
    meta: reason ? { reason } : undefined,
  });
}

/**
 * A pending application holds its seat from the moment it was made; one that holds none (made
 * before that rule, or written by an import) takes one now, so approving never seats more
 * trainees than the course has room for (DESIGN.md rule 1). True when this call took the seat.
 */
async function holdSeat({ enrollment, course }: Loaded): Promise<boolean> {
  if (await Seat.exists({ course: course._id, enrollment: enrollment._id })) return false;
  const seat = await takeSeat(course._id, course.capacity, enrollment.trainee, enrollment._id);
  if (seat.taken) return true;
  if (seat.reason === 'full') throw new FormError({ _form: 'enrollment.errors.courseFull' });
  return false;
}

/**
 * Someone else moved the application while this approval took a seat for it: the seat stays if
 * the application still holds one (another approval won), and goes back if it was withdrawn or
 * rejected (their release may have run before the seat was taken).
 */
async function returnSeatUnlessHeld({ enrollment, course }: Loaded): Promise<void> {
  const now = await Enrollment.findById(enrollment._id, { status: 1 }).lean();
  if (!now || !timeHoldingStatuses.includes(now.status)) await freeSeat(course._id, enrollment._id);
}

/** What a trainee is told of a staff decision: the course, and the staff's reason when they gave one. */
function decisionNotice(course: CourseRef, reason?: string) {
  const notice = courseNotice(course);
  return { params: reason ? { ...notice.params, reason, context: 'reason' } : notice.params, link: notice.link };
}

/**
 * Staff approve a pending application, unless another course holds the trainee's time then; the
 * seat it held becomes the trainee's. `reason` (optional) is passed on to the trainee.
 */
export async function approveEnrollment(actor: Actor, enrollmentId: string, reason?: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  if (loaded.enrollment.status !== 'pending') throw new FormError({ _form: 'enrollment.errors.notInState' });
  await refuseClash(loaded.enrollment.trainee, loaded.course);
  const tookSeat = await holdSeat(loaded);
  try {
    await move(actor, loaded, ['pending'], 'enrolled', 'approve', reason);
  } catch (err) {
    if (tookSeat) await returnSeatUnlessHeld(loaded);
    throw err;
  }
  const notice = decisionNotice(loaded.course, reason);
  await notify(loaded.enrollment.trainee, 'approved', notice.params, notice.link);
}

/** Staff reject a pending or waitlisted application, with an optional reason the trainee is told; a freed seat goes to the waitlist. */
export async function rejectEnrollment(actor: Actor, enrollmentId: string, reason?: string): Promise<void> {
  const loaded = await loadManagedEnrollment(actor, enrollmentId);
  await move(actor, loaded, ['pending', 'waitlisted'], 'rejected', 'reject', reason);
  await release(loaded, actor);
  const notice = decisionNotice(loaded.course, reason);
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
