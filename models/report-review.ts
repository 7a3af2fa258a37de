import { model, Schema, type InferSchemaType } from 'mongoose';
import { storedText, textLimits } from './text';

/**
 * The city's one review of one report version. Inserting it under the unique `report`
 * index is what claims the decision, so two officers acknowledging and returning the same
 * report at once cannot both win (the engine's conditional updates are not atomic).
 * A returned report is never reviewed again: the university submits a new version.
 */
const reportReviewSchema = new Schema({
  report: { type: Schema.Types.ObjectId, ref: 'CompletionReport', required: true },
  decision: { type: String, enum: ['acknowledged', 'returned'], required: true },
  by: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  at: { type: Date, default: () => new Date() },
  note: storedText(textLimits.reviewNote, { multiline: true }),
});
reportReviewSchema.index({ report: 1 }, { unique: true });

export type ReportReviewDoc = InferSchemaType<typeof reportReviewSchema>;
export const ReportReview = model('ReportReview', reportReviewSchema);
