import type { Types } from 'mongoose';
import { Seat } from '../../../models/seat';

type Id = Types.ObjectId | string;

/**
 * Seats are taken by the course's allocator (server/services/allocation/), which numbers them
 * 1..capacity under the unique (course, seatNo) and (course, trainee) indexes (DESIGN.md rule 1).
 */

/** Frees the enrollment's seat; true when this call removed it (a delete claims once). */
export async function freeSeat(course: Id, enrollment: Id): Promise<boolean> {
  const result = await Seat.deleteOne({ course, enrollment });
  return result.deletedCount === 1;
}

export function countSeats(course: Id): Promise<number> {
  return Seat.countDocuments({ course });
}
