import type { Types } from 'mongoose';
import { readCacheVersion } from '../../../models/cache-version';
import { catalogCountsKey } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { heldPerKey } from '../../lib/held-per-key';

type Id = Types.ObjectId | string;

/**
 * 1-based place in the queue of each waitlisted enrollment, by position order. Entries are
 * written and removed by the course's allocator (server/services/allocation/), which alone
 * hands out places.
 */
export async function waitlistRanks(course: Id): Promise<ReadonlyMap<string, number>> {
  const entries = await WaitlistEntry.find({ course }, { enrollment: 1 }).sort({ position: 1 }).lean();
  return new Map(entries.map((e, i) => [String(e.enrollment), i + 1]));
}

/** Courses whose ranks are held: those someone waits on and looks at. */
const held = heldPerKey(() => readCacheVersion(catalogCountsKey), 1_000, waitlistRanks);

/**
 * The ranks for pages (a trainee's own place): held until a seat or waitlist entry is written
 * anywhere (the `catalog-counts` version), so a trainee looking again reads nothing. Shared
 * between requests: not to be changed. Copies of the roster read `waitlistRanks` itself.
 */
export function heldWaitlistRanks(course: Id): Promise<ReadonlyMap<string, number>> {
  return held(String(course));
}
