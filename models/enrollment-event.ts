import { model, Schema, type InferSchemaType } from 'mongoose';
import { seoulDayOf } from '../server/lib/calendar';
import { enrollmentStatuses } from './enrollment';

/**
 * One status change of an enrollment. The unique (enrollment, seq) index makes a
 * transition claimable exactly once: of two requests racing from the same state,
 * only the first insert of seq n+1 succeeds.
 */
const enrollmentEventSchema = new Schema({
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  seq: { type: Number, required: true },
  from: { type: String, enum: [...enrollmentStatuses, null] },
  to: { type: String, enum: enrollmentStatuses, required: true },
  at: { type: Date, default: () => new Date() },
  /**
   * The Asia/Seoul day of `at` (YYYY-MM-DD), set from it on every insert: the API's changes feed
   * reads the history one day at a time by equality, which the embedded engine serves from an
   * index where a range on `at` reads the whole collection.
   */
  day: { type: String },
  /** The enrollment's course, and on the step that created it its trainee, so the feed needs no other read. */
  course: { type: Schema.Types.ObjectId, ref: 'Course' },
  trainee: { type: Schema.Types.ObjectId, ref: 'User' },
  by: { type: Schema.Types.ObjectId, ref: 'User' },
  reason: { type: String },
});
enrollmentEventSchema.pre('validate', function () {
  this.day = seoulDayOf(this.at ?? new Date());
});
enrollmentEventSchema.index({ enrollment: 1, seq: 1 }, { unique: true });
enrollmentEventSchema.index({ day: 1 });

export type EnrollmentEventDoc = InferSchemaType<typeof enrollmentEventSchema>;
export const EnrollmentEvent = model('EnrollmentEvent', enrollmentEventSchema);
