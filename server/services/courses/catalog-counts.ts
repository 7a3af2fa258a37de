import { readCacheVersion } from '../../../models/cache-version';
import { catalogCountsKey } from '../../../models/seat';
import type { Types } from 'mongoose';
import { VersionedCache } from '../../lib/versioned-cache';
import { countCourse, withCount, type CourseCounts } from './counts';

/** The counts held under one version, by course id. */
export type HeldCounts = Map<string, Promise<CourseCounts>>;

/**
 * Seat and waitlist counts of public courses, kept apart from the catalog snapshot
 * (catalog-snapshot.ts) behind their own version, `catalog-counts`, which every seat and waitlist
 * write changes (models/seat.ts, models/waitlist-entry.ts). A rush of applications therefore
 * leaves the snapshot (courses, universities, the course pages' details) as it is: only the counts
 * of the courses shown next are counted again, each on first need under a version and shared by
 * every request of this process until the version changes.
 */
const cache = new VersionedCache(
  () => readCacheVersion(catalogCountsKey),
  async (): Promise<HeldCounts> => new Map(),
);

/**
 * The counts held under the current version: one version read, which comes in the same query as
 * the snapshot's when both are asked for together (models/cache-version.ts).
 */
export function heldCounts(): Promise<HeldCounts> {
  return cache.get();
}

/** The counts of these courses, each counted once under the version `held` belongs to. */
export async function countsOf(
  held: HeldCounts,
  courses: readonly Types.ObjectId[],
): Promise<Map<string, CourseCounts>> {
  const byId = new Map(courses.map((c) => [String(c), c]));
  const entries = await Promise.all(
    [...byId].map(async ([id, course]) => {
      let count = held.get(id);
      if (!count) {
        count = countCourse(course);
        held.set(id, count);
        count.catch(() => held.delete(id));
      }
      return [id, await count] as const;
    }),
  );
  return new Map(entries);
}

const none: CourseCounts = { seatsTaken: 0, waitlisted: 0 };

/**
 * The courses with their counts (seatsTaken, waitlisted, seatsLeft): a published course's as
 * counted, any other's none, since only a published course's seats can still be had.
 */
export async function withCatalogCounts<T extends { _id: Types.ObjectId; capacity: number; status: string }>(
  held: HeldCounts,
  courses: readonly T[],
) {
  const counts = await countsOf(
    held,
    courses.filter((c) => c.status === 'published').map((c) => c._id),
  );
  return courses.map((c) => withCount(c, counts.get(String(c._id)) ?? none));
}
