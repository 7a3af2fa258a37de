import type { Types } from 'mongoose';
import { Enrollment } from '../../../models/enrollment';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { wroteFirst } from '../../lib/duplicate-key';

type Id = Types.ObjectId | string;

export type WaitlistResult = { joined: true; position: number } | { joined: false };

let lastPosition = 0;

/**
 * A place in queue order: the time of arrival in microseconds (Date.now() × 1000), stepped past
 * the last one this process handed out, so it never repeats or goes back here even within one
 * millisecond or when the clock is set back. Across app instances it follows their clocks.
 */
function nextPosition(): number {
  lastPosition = Math.max(Date.now() * 1000, lastPosition + 1);
  return lastPosition;
}

/**
 * Puts a trainee at the end of the waitlist: a position from the arrival time under the unique
 * (course, position) index. Joining reads nothing, so a crowd arriving together costs one insert
 * each instead of rounds of "find the last place, collide, look again"; two instances that pick
 * the same number find out through the index and the loser takes the next. Positions stay
 * distinct and ordered by arrival, and pages show the rank, not the raw number.
 */
export async function joinWaitlist(course: Id, trainee: Id, enrollment: Id): Promise<WaitlistResult> {
  for (;;) {
    const position = nextPosition();
    if (await wroteFirst(WaitlistEntry.create({ course, position, trainee, enrollment }))) {
      return { joined: true, position };
    }
    if (await WaitlistEntry.exists({ course, trainee })) return { joined: false };
  }
}

export async function leaveWaitlist(course: Id, enrollment: Id): Promise<boolean> {
  const result = await WaitlistEntry.deleteOne({ course, enrollment });
  return result.deletedCount === 1;
}

/** Claims the first waitlisted trainee: only the request whose delete removed the entry gets it. */
export async function claimFirstWaitlisted(course: Id) {
  for (;;) {
    const first = await WaitlistEntry.findOne({ course }).sort({ position: 1 }).lean();
    if (!first) return undefined;
    const result = await WaitlistEntry.deleteOne({ _id: first._id });
    if (result.deletedCount === 1) return first;
  }
}

/**
 * Puts a claimed entry back where it was, when no seat could be taken for it after all. If the
 * trainee withdrew while the entry was claimed (their own delete found nothing), the entry is
 * taken out again: the withdrawal writes its status before it deletes, so one of the two sees the other.
 */
export async function restoreWaitlistEntry(entry: {
  course: Id;
  position: number;
  trainee: Id;
  enrollment: Id;
}): Promise<void> {
  const { course, position, trainee, enrollment } = entry;
  if (!(await wroteFirst(WaitlistEntry.create({ course, position, trainee, enrollment })))) {
    await joinWaitlist(course, trainee, enrollment);
  }
  const current = await Enrollment.findById(enrollment, { status: 1 }).lean();
  if (current?.status !== 'waitlisted') await leaveWaitlist(course, enrollment);
}

/** 1-based place in the queue of each given waitlisted enrollment, by position order. */
export async function waitlistRanks(course: Id): Promise<Map<string, number>> {
  const entries = await WaitlistEntry.find({ course }, { enrollment: 1 }).sort({ position: 1 }).lean();
  return new Map(entries.map((e, i) => [String(e.enrollment), i + 1]));
}

/** Whether anyone queues for the course; the engine stops reading at the first entry. */
export async function hasWaitlist(course: Id): Promise<boolean> {
  return (await WaitlistEntry.exists({ course })) !== null;
}
