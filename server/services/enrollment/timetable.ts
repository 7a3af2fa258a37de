import type { Types } from 'mongoose';
import { ClashDecision } from '../../../models/clash-decision';
import { Course, seoulTime, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications/notices';
import { courseNotice, type CourseRef } from './course-ref';
import { transition, type TransitionFrom } from './history';
import { flatten } from '../../lib/bilingual';

/**
 * A trainee's timetable: no two courses whose sessions overlap may both hold their time.
 *
 * An application holds the trainee's time once it holds a seat: approved (`enrolled`) or awaiting
 * approval (`pending`, which keeps its seat until staff decide). A place on a waitlist does not:
 * a trainee may queue for one course and take another at the same hour, and is passed over when
 * the queued seat comes up (promotion.ts). Applying (also to a waitlist), approving and promoting
 * are each refused when a session overlaps one of a course that holds the trainee's time.
 *
 * Two requests racing (the trainee applying for two clashing courses at once, or applying while
 * a queued seat comes up) both pass that check before they write. So each request that has just
 * made an application hold time looks again after its write (declineForClash): whichever wrote
 * second sees the first. A request that sees a clash inserts the pair's key (ClashDecision, unique
 * `_id`); the one whose insert succeeds gives way, and one that finds the key taken knows the other
 * gave way. So of two racing applications exactly one keeps its seat: never both, and never
 * neither (unless each also clashes with a third).
 */
export const timeHoldingStatuses: readonly EnrollmentStatus[] = ['pending', 'enrolled'];

type Id = Types.ObjectId | string;
type SessionTimes = { date: string; start: string; end: string };
type Timed = { sessions: readonly SessionTimes[] };
type Interval = { start: number; end: number; session: SessionTimes };

function intervals(course: Timed): Interval[] {
  return course.sessions.map((s) => ({
    start: seoulTime(s.date, s.start).getTime(),
    end: seoulTime(s.date, s.end).getTime(),
    session: s,
  }));
}

/** The first session of `other` that overlaps a session of `course` (touching ends do not overlap), or undefined. */
export function overlappingSession(course: Timed, other: Timed) {
  const mine = intervals(course);
  return intervals(other).find((b) => mine.some((a) => a.start < b.end && b.start < a.end))?.session;
}

export interface Clash {
  course: Pick<CourseDoc, '_id' | 'title'>;
  session: SessionTimes;
  /** The trainee's enrollment in that course, at the step it was read in. */
  enrollment: { _id: Types.ObjectId; seq: number };
}

/**
 * The trainee's other courses that hold their time at an hour `course` also meets. Cheap: the
 * trainee's few enrollments by an indexed equality, their courses by `_id`, compared in memory.
 */
export async function findClashes(trainee: Id, course: Timed & { _id: Id }): Promise<Clash[]> {
  const holding = (await Enrollment.find({ trainee }, { course: 1, status: 1, seq: 1 }).lean()).filter(
    (e) => timeHoldingStatuses.includes(e.status) && String(e.course) !== String(course._id),
  );
  if (holding.length === 0) return [];
  const courses = await findByIds(Course, idsOf(holding, 'course'), { title: 1, sessions: 1 });
  return holding.flatMap((e) => {
    const other = courses.get(String(e.course));
    const session = other && overlappingSession(course, other);
    return other && session ? [{ course: other, session, enrollment: { _id: e._id, seq: e.seq ?? 0 } }] : [];
  });
}

/** The refusal naming the clashing course and its session, in both languages (the reader's page picks). */
export function clashError(clash: Clash): FormError {
  const { date, start, end } = clash.session;
  return new FormError(
    { _form: 'enrollment.errors.clash' },
    { ...flatten('title', clash.course.title), date, start, end },
  );
}

/** Refuses with clashError when the trainee's time at one of `course`'s sessions is already held. */
export async function refuseClash(trainee: Id, course: Timed & { _id: Id }): Promise<void> {
  const [clash] = await findClashes(trainee, course);
  if (clash) throw clashError(clash);
}

export type TimeHolding = TransitionFrom & { trainee: Id };

/** Records that `mine` gives way to `other`; false when the other already gave way to it. */
async function givesWay(mine: TimeHolding, other: Clash['enrollment']): Promise<boolean> {
  const key = [`${String(mine._id)}@${mine.seq ?? 0}`, `${String(other._id)}@${other.seq}`].sort().join('|');
  try {
    await ClashDecision.create({ _id: key });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Declines an application that clashes with a course holding the trainee's time: `rejected`
 * (reason `timetable_clash`), audited, and the trainee told unless they are the one acting.
 * `written`: the application already holds the time (checked after its write, for a race), so it
 * gives way only where the pair's decision falls to it. Returns the clash it gave way to; the
 * caller frees the seat.
 */
export async function declineForClash(
  enrollment: TimeHolding,
  course: CourseRef & Timed,
  actor: Actor | null | undefined,
  written: boolean,
): Promise<Clash | undefined> {
  for (const clash of await findClashes(enrollment.trainee, course)) {
    if (written && !(await givesWay(enrollment, clash.enrollment))) continue;
    await transition(enrollment, 'rejected', { by: actor?.id, reason: 'timetable_clash' });
    await recordAudit({
      actor,
      action: 'enrollment.decline_clash',
      target: { type: 'Enrollment', id: enrollment._id },
      university: course.university,
      before: { status: enrollment.status },
      after: { status: 'rejected' },
      meta: { clashWith: String(clash.course._id) },
    });
    if (actor?.id !== String(enrollment.trainee)) {
      const notice = courseNotice(course);
      await notify(
        enrollment.trainee,
        'clashDeclined',
        { ...notice.params, ...flatten('other', clash.course.title) },
        notice.link,
      );
    }
    return clash;
  }
  return undefined;
}
