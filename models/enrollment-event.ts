import { model, Schema, type InferSchemaType } from 'mongoose';
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
  by: { type: Schema.Types.ObjectId, ref: 'User' },
  reason: { type: String },
});
enrollmentEventSchema.index({ enrollment: 1, seq: 1 }, { unique: true });

export type EnrollmentEventDoc = InferSchemaType<typeof enrollmentEventSchema>;
export const EnrollmentEvent = model('EnrollmentEvent', enrollmentEventSchema);
