import { model, Schema, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { catalogCountsKey } from './seat';

/**
 * A place in a course's waitlist. Positions are unique per course and only grow,
 * so arrival order is the position order; promotion deletes the lowest entry
 * (a delete claims it exactly once) before the seat is taken.
 */
const waitlistEntrySchema = new Schema({
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  position: { type: Number, required: true, min: 1 },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  joinedAt: { type: Date, default: () => new Date() },
});
waitlistEntrySchema.index({ course: 1, position: 1 }, { unique: true });
waitlistEntrySchema.index({ course: 1, trainee: 1 }, { unique: true });
waitlistEntrySchema.plugin(bumpsCacheVersion(catalogCountsKey));

export type WaitlistEntryDoc = InferSchemaType<typeof waitlistEntrySchema>;
export const WaitlistEntry = model('WaitlistEntry', waitlistEntrySchema);
