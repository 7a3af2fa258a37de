import type { Types } from 'mongoose';
import { Seat } from '../../../models/seat';
import { wroteFirst } from '../../lib/duplicate-key';

type Id = Types.ObjectId | string;

export type SeatResult = { taken: true; seatNo: number } | { taken: false; reason: 'full' | 'already' };

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Takes a seat numbered 1..capacity by inserting it under the unique (course, seatNo) and
 * (course, trainee) indexes (DESIGN.md rule 1). The read of taken numbers only picks likely-free
 * ones, in random order so that simultaneous requests spread out; the index decides.
 */
export async function takeSeat(course: Id, capacity: number, trainee: Id, enrollment: Id): Promise<SeatResult> {
  for (;;) {
    const taken = new Set((await Seat.find({ course }, { seatNo: 1 }).lean()).map((s) => s.seatNo));
    const free = shuffle(Array.from({ length: capacity }, (_v, i) => i + 1).filter((n) => !taken.has(n)));
    if (free.length === 0) return { taken: false, reason: 'full' };
    for (const seatNo of free.slice(0, 3)) {
      if (await wroteFirst(Seat.create({ course, seatNo, trainee, enrollment }))) return { taken: true, seatNo };
      if (await Seat.exists({ course, trainee })) return { taken: false, reason: 'already' };
    }
  }
}

/** Frees the enrollment's seat; true when this call removed it (a delete claims once). */
export async function freeSeat(course: Id, enrollment: Id): Promise<boolean> {
  const result = await Seat.deleteOne({ course, enrollment });
  return result.deletedCount === 1;
}

export function countSeats(course: Id): Promise<number> {
  return Seat.countDocuments({ course });
}
