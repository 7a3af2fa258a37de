import type { Types } from 'mongoose';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';

type Model = typeof Seat | typeof WaitlistEntry;

async function countByCourse(model: Model, courses: Types.ObjectId[]): Promise<Map<string, number>> {
  if (courses.length === 0) return new Map();
  const rows = await model.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { course: { $in: courses } } }, { $group: { _id: '$course', n: { $sum: 1 } } }]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

/** Seats taken and waitlist length of each course, counted (never kept in a counter). */
export async function courseCounts(courses: Types.ObjectId[]) {
  const [seats, waitlist] = await Promise.all([countByCourse(Seat, courses), countByCourse(WaitlistEntry, courses)]);
  return (id: Types.ObjectId) => ({ seatsTaken: seats.get(String(id)) ?? 0, waitlisted: waitlist.get(String(id)) ?? 0 });
}

/** Adds seatsTaken, seatsLeft and waitlisted to each course. */
export async function withCounts<T extends { _id: Types.ObjectId; capacity: number }>(courses: T[]) {
  const counts = await courseCounts(courses.map((c) => c._id));
  return courses.map((c) => {
    const n = counts(c._id);
    return { ...c, ...n, seatsLeft: Math.max(0, c.capacity - n.seatsTaken) };
  });
}
