import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { localizedText } from './localized-text';
import { storedText, textLimits } from './text';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * A completion certificate, in its own collection so that each exactly-once fact is a
 * unique index: one per enrollment, a unique readable number, a unique verification code.
 * What it says is a snapshot taken at issue; later edits of the course or profile do not change it.
 */
const certificateSchema = new Schema({
  /** Readable, e.g. `BTH-POSTECH-2026-000123`. */
  number: { type: String, required: true },
  /** Unguessable public code (crypto random, base64url). */
  code: { type: String, required: true },
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
  issuedAt: { type: Date, required: true },
  issuedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  hours: { type: Number, required: true },
  traineeName: { type: String, required: true },
  /** The holder closed their account or it expired: `traineeName` is their pseudonym and the public check shows no name. */
  traineeAnonymised: { type: Boolean },
  courseTitle: { type: localizedText(), required: true },
  universityName: { type: localizedText(), required: true },
  /** The training period, first and last session day (YYYY-MM-DD), as at issue; unset on certificates issued before it was recorded. */
  periodFrom: { type: String },
  periodTo: { type: String },
  revokedAt: { type: Date },
  revokedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  revokeReason: storedText(textLimits.decisionReason, { multiline: true }),
});
certificateSchema.index({ number: 1 }, { unique: true });
certificateSchema.index({ code: 1 }, { unique: true });
certificateSchema.index({ enrollment: 1 }, { unique: true });
certificateSchema.index({ course: 1 });
certificateSchema.index({ trainee: 1 });

/** The cache version every write of these documents changes: /me holds each trainee's behind it. */
export const certificatesCacheKey = 'certificates';
certificateSchema.plugin(bumpsCacheVersion(certificatesCacheKey));

export type CertificateDoc = InferSchemaType<typeof certificateSchema> & { _id: Types.ObjectId };
export const Certificate = model('Certificate', certificateSchema);
