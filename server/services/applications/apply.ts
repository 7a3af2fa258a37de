import { Types } from 'mongoose';
import { ActionOutcome } from '../../../models/action-outcome';
import { Course, type CourseDoc } from '../../../models/course';
import type { EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError, NotFoundError } from '../../errors';
import { objectIdOr404 } from '../../lib/ids';
import { sharedReads } from '../../lib/shared-read';
import { freshKey, requestRefill, submitIntent, type IntentRequest } from '../allocation/submit';
import { applyRefusal, type ApplicableCourse } from '../enrollment/apply-rules';
import { freeSeat } from '../enrollment/seats';
import { clashError, declineForClash, timeHoldingStatuses } from '../enrollment/timetable';

export interface ApplyResult {
  enrollmentId: string;
  status: EnrollmentStatus;
  seatNo?: number;
  /** The 1-based place in the waitlist. */
  position?: number;
}

type ApplyCourse = ApplicableCourse & { sessions: { date: string; start: string; end: string }[] };

/** A course as applicants see it: read once for everyone applying to it at the same moment (a 수강신청 rush). */
const applicableCourse = sharedReads((id) =>
  Course.findOne({ _id: id, status: { $in: ['published', 'closed', 'completed'] } }).lean<ApplyCourse & CourseDoc>(),
);

/** Courses that can be found to apply to (the window and status are then checked by applyRefusal, and again by the allocator). */
async function findApplicableCourse(courseId: string) {
  const course = await applicableCourse(String(objectIdOr404(courseId)));
  if (!course) throw new NotFoundError();
  return course;
}

/** The key of a trainee's application from its form's one-time token: theirs alone. */
export function applicationKey(actor: Actor, token: string): string {
  return `apply:${actor.id}:${token}`;
}

/** What became of the trainee's application made with `token`, for the page they land on; undefined when it is not theirs. */
export async function applicationOutcome(actor: Actor, token: string): Promise<ApplyResult | undefined> {
  const outcome = await ActionOutcome.findById(applicationKey(actor, token), {
    enrollment: 1,
    status: 1,
    rank: 1,
  }).lean();
  if (!outcome?.status || !outcome.enrollment) return undefined;
  return { enrollmentId: String(outcome.enrollment), status: outcome.status, position: outcome.rank ?? undefined };
}

/**
 * A trainee applies for a course (POST /courses/:id/enroll). `key` makes a repeated request (a
 * double-click, a retry) the same application with the same answer.
 */
export async function applyToCourse(actor: Actor, courseId: string, key = freshKey('apply')): Promise<ApplyResult> {
  if (actor.role !== 'trainee') throw new NotFoundError();
  const course = await findApplicableCourse(courseId);
  return placeApplication(actor, course, { _id: new Types.ObjectId(actor.id), category: actor.category }, { key });
}

/**
 * The application itself, for a trainee applying or staff enrolling one (staff-enrol.ts): the
 * window and eligibility are checked here for a quick answer, then the course's allocator decides
 * it in arrival order (a seat, pending approval, the waitlist, or a refusal such as "already
 * applied" or a timetable clash) and this waits for its decision. Staff enrolling is the approval.
 * A seated application that another course now holds the same hours for gives way (a race of
 * the trainee's own applications), and the seat it took goes to the waitlist.
 */
export async function placeApplication(
  actor: Actor,
  course: ApplyCourse,
  trainee: { _id: Types.ObjectId; category?: string },
  options: { key: string; byStaff?: boolean },
): Promise<ApplyResult> {
  const refusal = applyRefusal(course, trainee.category);
  if (refusal) throw new FormError({ _form: refusal });
  const request: IntentRequest = {
    key: options.key,
    course: course._id,
    kind: 'apply',
    actor,
    trainee: trainee._id,
    category: trainee.category,
    approved: options.byStaff || !course.approvalRequired,
    byStaff: options.byStaff,
  };
  const outcome = await submitIntent(request);
  if (outcome.refusal || !outcome.status || !outcome.enrollment)
    throw new FormError({ _form: outcome.refusal ?? 'enrollment.errors.notOpen' }, outcome.params);
  if (timeHoldingStatuses.includes(outcome.status)) {
    const held = { _id: outcome.enrollment, course: course._id, trainee: trainee._id, status: outcome.status };
    const clash = await declineForClash({ ...held, seq: outcome.seq }, course, actor, true);
    if (clash) {
      await freeSeat(course._id, outcome.enrollment);
      await requestRefill(course._id, actor);
      throw clashError(clash);
    }
  }
  return {
    enrollmentId: String(outcome.enrollment),
    status: outcome.status,
    seatNo: outcome.seatNo,
    position: outcome.rank,
  };
}
