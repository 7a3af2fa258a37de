import type { Types } from 'mongoose';
import { WaitlistEntry } from '../../../models/waitlist-entry';

type Id = Types.ObjectId | string;

/**
 * 1-based place in the queue of each waitlisted enrollment, by position order. Entries are
 * written and removed by the course's allocator (server/services/allocation/), which alone
 * hands out places.
 */
export async function waitlistRanks(course: Id): Promise<Map<string, number>> {
  const entries = await WaitlistEntry.find({ course }, { enrollment: 1 }).sort({ position: 1 }).lean();
  return new Map(entries.map((e, i) => [String(e.enrollment), i + 1]));
}
