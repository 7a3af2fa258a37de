import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { storedText, textLimits } from './text';

export const reportStatuses = ['submitted', 'acknowledged', 'returned'] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/**
 * A university's completion report to the city. Immutable once inserted except for its
 * review (status, reviewer, note). The snapshot is stored as the canonical JSON text that
 * was hashed, so the hash can be checked byte for byte. A returned report is resubmitted
 * as a new document with the next version; the unique (university, period, version) index
 * makes two simultaneous submissions of one version impossible.
 */
const completionReportSchema = new Schema({
  university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
  /** `2026-Q3` for a quarter, or `course:<courseId>` for one course. */
  period: { type: String, required: true },
  version: { type: Number, required: true, min: 1 },
  /** How lists name the period: the quarter, or the course's code and Korean title. */
  label: { type: String },
  snapshot: { type: String, required: true },
  /** SHA-256 (hex) of `snapshot`. */
  contentHash: { type: String, required: true },
  status: { type: String, enum: reportStatuses, default: 'submitted' },
  submittedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  submittedAt: { type: Date, required: true },
  reviewedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  reviewedAt: { type: Date },
  reviewNote: storedText(textLimits.reviewNote, { multiline: true }),
});
completionReportSchema.index({ university: 1, period: 1, version: 1 }, { unique: true });
completionReportSchema.index({ status: 1, submittedAt: -1 });

export type CompletionReportDoc = InferSchemaType<typeof completionReportSchema> & { _id: Types.ObjectId };
export const CompletionReport = model('CompletionReport', completionReportSchema);
