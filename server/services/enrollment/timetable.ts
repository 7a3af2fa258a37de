import type { Types } from 'mongoose';
import { ClashDecision } from '../../../models/clash-decision';
import { seoulTime, type CourseDoc } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { idsOf } from '../../lib/find-by-ids';
import { recordAudit } from '../audit/record';
import { catalogSnapshot, coursesByIds, publicCourseDetails } from '../course-base/catalog-snapshot';
import { notify } from '../notifications/notices';
import { courseNotice, type CourseRef } from '../course-base/course-ref';
import { transition, type TransitionFrom } from './history';
import { flatten } from '../../lib/bilingual';

/**
 * A trainee's timetable: no two courses whose sessions overlap may both hold their time.
 *
 * An application holds the trainee's time once it holds a seat: approved (`enrolled`) or awaiting
 * approval (`pending`, which keeps its seat until staff decide). A place on a waitlist does not:
 * a trainee may queue for one course and take another at the same hour, and is passed over when
 * the queued seat comes up. Applying (also to a waitlist), approving and promoting are each
 * refused when a session overlaps one of a course that holds the trainee's time: the course's
 * allocator checks its applicants and the trainees it would promote together, before it decides
 * them (clashesOfTrainees); approval checks the one trainee (refuseClash).
 *
 * Two courses' allocators racing (the trainee applying for two clashing courses at once, or
 * applying while a queued seat comes up) both pass that check before they write. So each request that has just
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

const holding = (e: { status: EnrollmentStatus }) => timeHoldingStatuses.includes(e.status);

function clashOf(
  other: Pick<CourseDoc, '_id' | 'title'> & Timed,
  course: Timed,
  enrollment: { _id: Types.ObjectId; seq?: number | null },
): Clash | undefined {
  const session = overlappingSession(course, other);
  return session && { course: other, session, enrollment: { _id: enrollment._id, seq: enrollment.seq ?? 0 } };
}

/**
 * The trainee's other courses that hold their time at an hour `course` also meets. Cheap: the
 * trainee's few enrollments by an indexed equality, their courses from the catalog's shared copy
 * (read once per version), compared in memory.
 */
export async function findClashes(trainee: Id, course: Timed & { _id: Id }): Promise<Clash[]> {
  const held = (await Enrollment.find({ trainee }, { course: 1, status: 1, seq: 1 }).lean()).filter(
    (e) => holding(e) && String(e.course) !== String(course._id),
  );
  if (held.length === 0) return [];
  const courses = await coursesByIds(idsOf(held, 'course'));
  return held.flatMap((e) => {
    const other = courses.get(String(e.course));
    const clash = other && clashOf(other, course, e);
    return clash ? [clash] : [];
  });
}

/**
 * The public courses other than `course` with a session at an hour it also meets: the courses
 * whose first-to-last span crosses its own, from the catalog snapshot, then their sessions from
 * its shared copies. Usually none or a few; no read but the snapshot's version.
 */
async function overlappingCourses(course: Timed & { _id: Id }): Promise<(CourseDoc & Timed)[]> {
  const spans = intervals(course);
  if (spans.length === 0) return [];
  const from = Math.min(...spans.map((s) => s.start));
  const to = Math.max(...spans.map((s) => s.end));
  const snapshot = await catalogSnapshot();
  const crossing = snapshot.courses.filter(
    (c) =>
      String(c._id) !== String(course._id) &&
      c.startsAt &&
      c.endsAt &&
      c.startsAt.getTime() < to &&
      from < c.endsAt.getTime(),
  );
  const details = await Promise.all(crossing.map((c) => publicCourseDetails(snapshot, c)));
  return details.filter((c): c is CourseDoc => !!c && !!overlappingSession(course, c));
}

/**
 * The clash of each of `trainees` with `course`, by trainee id (those without one left out), read
 * whichever way costs fewer round trips: each trainee's enrollments, or the enrollments of each
 * course that meets at an hour `course` does. A crowd applying to one course (a 수강신청 rush) costs
 * a read per overlapping course, not one per applicant; a course that overlaps nothing costs none.
 */
export async function clashesOfTrainees(
  trainees: readonly Id[],
  course: Timed & { _id: Id },
): Promise<Map<string, Clash>> {
  const wanted = new Set(trainees.map(String));
  const clashes = new Map<string, Clash>();
  if (wanted.size === 0) return clashes;
  const overlapping = await overlappingCourses(course);
  if (overlapping.length === 0) return clashes;
  if (overlapping.length < wanted.size) {
    const enrolled = await Promise.all(
      overlapping.map((other) => Enrollment.find({ course: other._id }, { trainee: 1, status: 1, seq: 1 }).lean()),
    );
    overlapping.forEach((other, i) => {
      for (const e of enrolled[i]!) {
        const trainee = String(e.trainee);
        if (!wanted.has(trainee) || !holding(e) || clashes.has(trainee)) continue;
        const clash = clashOf(other, course, e);
        if (clash) clashes.set(trainee, clash);
      }
    });
    return clashes;
  }
  const found = await Promise.all([...wanted].map((t) => findClashes(t, course)));
  [...wanted].forEach((t, i) => {
    const [clash] = found[i]!;
    if (clash) clashes.set(t, clash);
  });
  return clashes;
}

/** The values the clash refusal names: the other course's title (both languages) and the session. */
export function clashParams(clash: Clash): Record<string, string> {
  const { date, start, end } = clash.session;
  return { ...flatten('title', clash.course.title), date, start, end };
}

/** The refusal naming the clashing course and its session, in both languages (the reader's page picks). */
export function clashError(clash: Clash): FormError {
  return new FormError({ _form: 'enrollment.errors.clash' }, clashParams(clash));
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
