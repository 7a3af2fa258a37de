import type { Types } from 'mongoose';
import { VersionedCache } from '../../lib/versioned-cache';
import { countCourse, withCount, type CourseCounts } from './counts';

/**
 * Seat and waitlist counts of public courses, kept apart from the catalog snapshot
 * (catalog-snapshot.ts) behind their own version, `catalog-counts`, which every seat and waitlist
 * write changes (models/seat.ts, models/waitlist-entry.ts). A rush of applications therefore
 * leaves the snapshot (courses, universities, the course pages' details) as it is: only the counts
 * of the courses shown next are counted again, each on first need under a version and shared by
 * every request of this process until the version changes.
 */
const cache = new VersionedCache('catalog-counts', async () => new Map<string, Promise<CourseCounts>>());

/** The counts of these courses under the current counts version: one version read, and a count of each course not counted yet. */
export async function catalogCounts(courses: readonly Types.ObjectId[]): Promise<Map<string, CourseCounts>> {
  const counted = await cache.get();
  const byId = new Map(courses.map((c) => [String(c), c]));
  const entries = await Promise.all(
    [...byId].map(async ([id, course]) => {
      let count = counted.get(id);
      if (!count) {
        count = countCourse(course);
        counted.set(id, count);
        count.catch(() => counted.delete(id));
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
  courses: readonly T[],
) {
  const counts = await catalogCounts(courses.filter((c) => c.status === 'published').map((c) => c._id));
  return courses.map((c) => withCount(c, counts.get(String(c._id)) ?? none));
}
