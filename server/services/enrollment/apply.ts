import { Types } from 'mongoose';
import { Course } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { FormError, NotFoundError } from '../../errors';
import type { AuditAction } from '../audit/actions';
import { recordAudit } from '../audit/record';
import { objectIdOr404 } from '../../lib/ids';
import { enrolmentPhase, type CourseRef } from './course-ref';
import { courseCancelled, endApplications } from './end';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { recordCreation, transition } from './history';
import { fillFreeSeats } from './promotion';
import { freeSeat, takeSeat } from './seats';
import { clashError, declineForClash, refuseClash, timeHoldingStatuses } from './timetable';
import { hasWaitlist, joinWaitlist, leaveWaitlist } from './waitlist';

/** Statuses from which a trainee may apply again, re-using the same enrollment document. */
const reapplicable: readonly EnrollmentStatus[] = ['withdrawn', 'rejected'];

/** Whether a trainee whose application for a course stands at `status` (none: never applied) may apply for it again. */
export function mayApplyAgain(status: EnrollmentStatus | undefined): boolean {
  return !status || reapplicable.includes(status);
}

export interface ApplyResult {
  enrollmentId: string;
  status: EnrollmentStatus;
  seatNo?: number;
  position?: number;
}

type Placement = { status: EnrollmentStatus; seatNo?: number; position?: number };

const phaseRefusals = {
  notOpen: 'enrollment.errors.notOpen',
  opensLater: 'enrollment.errors.notOpenYet',
  ended: 'enrollment.errors.windowClosed',
} as const;

/** The reason a trainee may not apply now, as an i18n key, or undefined when they may. */
export function applyRefusal(
  course: CourseRef & { enrolmentOpensAt: Date; enrolmentClosesAt: Date; eligibleCategories?: string[] | null },
  category: string | undefined,
  now = new Date(),
): string | undefined {
  const phase = enrolmentPhase(course, now);
  if (phase !== 'open') return phaseRefusals[phase];
  if (!category) return 'enrollment.errors.profileIncomplete';
  if (course.eligibleCategories && !course.eligibleCategories.includes(category)) return 'enrollment.errors.ineligible';
  return undefined;
}

/** A seat when one is free and nobody is queueing ahead, else the end of the waitlist. */
async function place(
  course: CourseRef,
  trainee: Types.ObjectId,
  enrollment: Types.ObjectId,
  approved: boolean,
): Promise<Placement> {
  if (!(await hasWaitlist(course._id))) {
    const seat = await takeSeat(course._id, course.capacity, trainee, enrollment);
    if (seat.taken) return { status: approved ? 'enrolled' : 'pending', seatNo: seat.seatNo };
    if (seat.reason === 'already') throw new FormError({ _form: 'enrollment.errors.alreadyApplied' });
  }
  const entry = await joinWaitlist(course._id, trainee, enrollment);
  if (!entry.joined) throw new FormError({ _form: 'enrollment.errors.alreadyApplied' });
  return { status: 'waitlisted', position: entry.position };
}

async function undoPlacement(course: CourseRef, enrollment: Types.ObjectId, placement: Placement): Promise<void> {
  if (placement.seatNo) await freeSeat(course._id, enrollment);
  else await leaveWaitlist(course._id, enrollment);
}

type Applicant = { _id: Types.ObjectId; trainee?: { category?: string | null } | null };
type ApplyCourse = Parameters<typeof applyRefusal>[0] & Parameters<typeof fillFreeSeats>[0];

/** Courses that can be found to apply to (the window and status are then checked by applyRefusal). */
async function findApplicableCourse(courseId: string) {
  const course = await Course.findOne({
    _id: objectIdOr404(courseId),
    status: { $in: ['published', 'closed', 'completed'] },
  }).lean();
  if (!course) throw new NotFoundError();
  return course;
}

/**
 * A trainee applies for a course (POST /courses/:id/enroll): window, eligibility, status and
 * timetable (timetable.ts) are checked, then a seat is taken or the trainee joins the waitlist. A trainee who withdrew
 * or was rejected applies again through the same enrollment document.
 */
export async function applyToCourse(actor: Actor, courseId: string): Promise<ApplyResult> {
  const course = await findApplicableCourse(courseId);
  const trainee = await User.findById(actor.id).lean();
  if (!trainee || trainee.role !== 'trainee') throw new NotFoundError();
  return placeApplication(actor, course, trainee, {
    approved: !course.approvalRequired,
    audit: { first: 'enrollment.apply', again: 'enrollment.reapply' },
  });
}

/**
 * The application itself, for a trainee applying or staff enrolling one (staff-enrol.ts): the
 * same window, eligibility, timetable, seat and waitlist rules either way. `approved`: a seat
 * makes the trainee enrolled rather than pending (the course needs no approval, or staff enrol).
 */
export async function placeApplication(
  actor: Actor,
  course: ApplyCourse,
  trainee: Applicant,
  options: { approved: boolean; audit: { first: AuditAction; again: AuditAction } },
): Promise<ApplyResult> {
  const refusal = applyRefusal(course, trainee.trainee?.category ?? undefined);
  if (refusal) throw new FormError({ _form: refusal });

  const existing = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
  if (!mayApplyAgain(existing?.status)) throw new FormError({ _form: 'enrollment.errors.alreadyApplied' });
  const enrollmentId = existing?._id ?? new Types.ObjectId();
  await refuseClash(trainee._id, course);
  const placement = await place(course, trainee._id, enrollmentId, options.approved);
  const appliedAt = new Date();
  let seq = 1;
  try {
    if (existing) {
      seq = await transition(existing, placement.status, { by: actor.id, reason: 'reapplied', set: { appliedAt } });
    } else {
      await Enrollment.create({
        _id: enrollmentId,
        course: course._id,
        trainee: trainee._id,
        university: course.university,
        status: placement.status,
        seq: 1,
        appliedAt,
      });
      await recordCreation({ _id: enrollmentId, course: course._id }, placement.status, actor.id);
    }
  } catch (err) {
    await undoPlacement(course, enrollmentId, placement);
    if (isDuplicateKey(err)) throw new FormError({ _form: 'enrollment.errors.alreadyApplied' });
    throw err;
  }
  // A cancellation that read the open applications before this one was written has missed it: end it as that would have.
  if ((await Course.findById(course._id, { status: 1 }).lean())?.status === 'cancelled') {
    await endApplications(actor, course, courseCancelled);
    throw new FormError({ _form: 'enrollment.errors.notOpen' });
  }
  // A seat may have come free without reaching the queue (a promotion that lost a race): hand it on now.
  if (placement.status === 'waitlisted') await fillFreeSeats(course, actor);
  await recordAudit({
    actor,
    action: existing ? options.audit.again : options.audit.first,
    target: { type: 'Enrollment', id: enrollmentId },
    university: course.university,
    before: existing ? { status: existing.status } : undefined,
    after: placement,
  });
  if (timeHoldingStatuses.includes(placement.status)) {
    const clash = await declineForClash(
      { _id: enrollmentId, course: course._id, trainee: trainee._id, status: placement.status, seq },
      course,
      actor,
      true,
    );
    if (clash) {
      await undoPlacement(course, enrollmentId, placement);
      await fillFreeSeats(course, actor);
      throw clashError(clash);
    }
  }
  return { enrollmentId: String(enrollmentId), ...placement };
}
