import type { Types } from 'mongoose';
import { Enrollment } from '../../../models/enrollment';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { isDuplicateKey } from '../../lib/duplicate-key';

type Id = Types.ObjectId | string;

export type WaitlistResult = { joined: true; position: number } | { joined: false };

/**
 * Puts a trainee at the end of the waitlist: position max+1 under the unique (course, position)
 * index. After a collision the next try leaves a growing random gap, so a crowd arriving together
 * settles in a few rounds instead of one winner per round; positions stay distinct and ordered by
 * arrival, and pages show the rank, not the raw number.
 */
export async function joinWaitlist(course: Id, trainee: Id, enrollment: Id): Promise<WaitlistResult> {
  for (let attempt = 0; ; attempt++) {
    const last = await WaitlistEntry.findOne({ course }, { position: 1 }).sort({ position: -1 }).lean();
    const gap = attempt === 0 ? 0 : Math.floor(Math.random() * 2 ** Math.min(attempt + 2, 10));
    const position = (last?.position ?? 0) + 1 + gap;
    try {
      await WaitlistEntry.create({ course, position, trainee, enrollment });
      return { joined: true, position };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (await WaitlistEntry.exists({ course, trainee })) return { joined: false };
    }
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
export async function restoreWaitlistEntry(entry: { course: Id; position: number; trainee: Id; enrollment: Id }): Promise<void> {
  try {
    await WaitlistEntry.create({ course: entry.course, position: entry.position, trainee: entry.trainee, enrollment: entry.enrollment });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await joinWaitlist(entry.course, entry.trainee, entry.enrollment);
  }
  const enrollment = await Enrollment.findById(entry.enrollment, { status: 1 }).lean();
  if (enrollment?.status !== 'waitlisted') await leaveWaitlist(entry.course, entry.enrollment);
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
