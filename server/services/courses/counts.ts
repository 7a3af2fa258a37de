import type { Types } from 'mongoose';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';

export interface CourseCounts {
  seatsTaken: number;
  waitlisted: number;
}

/**
 * Seats taken and waitlist length of one course, counted (never kept in a counter). Two
 * equality counts on `course`, which the engine answers from its index, rather than one
 * `$in` aggregation over every course, which it would answer by reading every seat.
 */
export async function countCourse(course: Types.ObjectId): Promise<CourseCounts> {
  const [seatsTaken, waitlisted] = await Promise.all([
    Seat.countDocuments({ course }),
    WaitlistEntry.countDocuments({ course }),
  ]);
  return { seatsTaken, waitlisted };
}

/** Adds seatsTaken, seatsLeft and waitlisted to each course. */
export async function withCounts<T extends { _id: Types.ObjectId; capacity: number }>(courses: T[]) {
  return Promise.all(courses.map(async (c) => withCount(c, await countCourse(c._id))));
}

export function withCount<T extends { capacity: number }>(course: T, counts: CourseCounts) {
  return { ...course, ...counts, seatsLeft: Math.max(0, course.capacity - counts.seatsTaken) };
}
