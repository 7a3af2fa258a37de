import { model, Schema, type InferSchemaType, type Types } from 'mongoose';
import { outcomeRounds } from './outcome-due';

export const employmentStatuses = ['employed', 'in_training', 'seeking', 'not_seeking'] as const;
export const outcomeSectors = ['battery', 'manufacturing', 'other'] as const;
/** How relevant the training was to the trainee's work or search, 1 (not at all) to 5 (very). */
export const relevanceScale = [1, 2, 3, 4, 5] as const;

/**
 * A trainee's answer to one follow-up round; one per (enrollment, round), which the unique index
 * enforces, so a second submission is refused. Kept without a name when the account is closed.
 */
const outcomeAnswerSchema = new Schema({
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
  round: { type: Number, enum: outcomeRounds, required: true },
  employment: { type: String, enum: employmentStatuses, required: true },
  /** Only when employed. */
  sector: { type: String, enum: outcomeSectors },
  /** Only when employed: whether the job is in Pohang. */
  inPohang: { type: Boolean },
  relevance: { type: Number, enum: relevanceScale, required: true },
  answeredAt: { type: Date, required: true },
});
outcomeAnswerSchema.index({ enrollment: 1, round: 1 }, { unique: true });
outcomeAnswerSchema.index({ trainee: 1 });

export type OutcomeAnswerDoc = InferSchemaType<typeof outcomeAnswerSchema> & { _id: Types.ObjectId };
export const OutcomeAnswer = model('OutcomeAnswer', outcomeAnswerSchema);
