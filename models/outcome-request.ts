import { model, Schema, type InferSchemaType, type Types } from 'mongoose';
import { outcomeRounds } from './outcome-due';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * A follow-up round the trainee was asked: the unique (enrollment, round) insert is what makes
 * asking happen once, whichever instance or run gets there; the response rate counts these.
 */
const outcomeRequestSchema = new Schema({
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
  round: { type: Number, enum: outcomeRounds, required: true },
  askedAt: { type: Date, required: true },
});
outcomeRequestSchema.index({ enrollment: 1, round: 1 }, { unique: true });
outcomeRequestSchema.index({ trainee: 1 });

/** The cache version every write of these documents changes: /me holds each trainee's behind it. */
export const outcomeRequestsCacheKey = 'outcome-requests';
outcomeRequestSchema.plugin(bumpsCacheVersion(outcomeRequestsCacheKey));

export type OutcomeRequestDoc = InferSchemaType<typeof outcomeRequestSchema> & { _id: Types.ObjectId };
export const OutcomeRequest = model('OutcomeRequest', outcomeRequestSchema);
