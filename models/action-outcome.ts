import { model, Schema, type InferSchemaType } from 'mongoose';
import { enrollmentStatuses } from './enrollment';

/**
 * What the allocator decided for one ActionIntent, under the intent's key: the request that asked
 * (on any instance) reads it by `_id`, and a retried request with the same key gets the same
 * answer. Written once (a duplicate `_id` means the intent was decided already); kept a few days
 * for retries, then swept (server/jobs/sweep-expired.ts).
 */
const actionOutcomeSchema = new Schema(
  {
    _id: { type: String, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment' },
    /** The enrollment's status after the action; absent when it was refused. */
    status: { type: String, enum: enrollmentStatuses },
    seq: { type: Number },
    seatNo: { type: Number },
    /** The 1-based place in the waitlist when the application joined it. */
    rank: { type: Number },
    /** The rule that refused it (an i18n key), with the values its message names. */
    refusal: { type: String },
    params: { type: Map, of: String },
    at: { type: Date, required: true },
  },
  { collection: 'action_outcomes', versionKey: false },
);
actionOutcomeSchema.index({ at: 1 });

export type ActionOutcomeDoc = InferSchemaType<typeof actionOutcomeSchema>;
export const ActionOutcome = model('ActionOutcome', actionOutcomeSchema);
