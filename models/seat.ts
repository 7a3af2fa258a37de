import { model, Schema, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * A taken place in a course. Capacity holds because seat numbers run 1..capacity
 * under a unique (course, seatNo) index: taking a seat is an insert, and a
 * duplicate-key error means "taken, try the next number". Freeing one deletes it.
 */
const seatSchema = new Schema({
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  seatNo: { type: Number, required: true, min: 1 },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  takenAt: { type: Date, default: () => new Date() },
});
seatSchema.index({ course: 1, seatNo: 1 }, { unique: true });
seatSchema.index({ course: 1, trainee: 1 }, { unique: true });
/** The cache version of seat and waitlist counts (and so of waitlist ranks): every seat and waitlist write changes it. */
export const catalogCountsKey = 'catalog-counts';
seatSchema.plugin(bumpsCacheVersion(catalogCountsKey));

export type SeatDoc = InferSchemaType<typeof seatSchema>;
export const Seat = model('Seat', seatSchema);
