import { model, Schema, type InferSchemaType, type Types } from 'mongoose';

export const outcomeRounds = [3, 6] as const;
export type OutcomeRound = (typeof outcomeRounds)[number];

/**
 * A follow-up round coming due: written when a completion is recorded, one per round (3 and 6
 * months later). The daily job reads the day's dues by `{dueDay}`, an indexed equality, asks the
 * trainees who consent, and deletes them.
 */
const outcomeDueSchema = new Schema({
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  round: { type: Number, enum: outcomeRounds, required: true },
  /** Seoul day (YYYY-MM-DD) on which the trainee is asked. */
  dueDay: { type: String, required: true },
});
outcomeDueSchema.index({ enrollment: 1, round: 1 }, { unique: true });
outcomeDueSchema.index({ dueDay: 1 });
outcomeDueSchema.index({ trainee: 1 });

export type OutcomeDueDoc = InferSchemaType<typeof outcomeDueSchema> & { _id: Types.ObjectId };
export const OutcomeDue = model('OutcomeDue', outcomeDueSchema);
