import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { storedText, textLimits } from './text';

/** `lapsed`: still waitlisted or awaiting approval when the course was completed, so it ended without a seat. */
export const enrollmentStatuses = [
  'pending',
  'enrolled',
  'waitlisted',
  'withdrawn',
  'rejected',
  'completed',
  'not_completed',
  'lapsed',
] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/**
 * One per (course, trainee), re-used when the trainee applies again. Its status
 * history lives in EnrollmentEvent documents; `seq` is the number of the last one,
 * which is how concurrent transitions of one enrollment are kept apart.
 */
const enrollmentSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The course's university, copied so that scoped lists need no join. */
    university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
    status: { type: String, enum: enrollmentStatuses, required: true },
    seq: { type: Number, default: 0 },
    /** The key of the intent whose decision made the last step, when the course's allocator made it. */
    intent: { type: String },
    appliedAt: { type: Date, required: true },
    /** When the trainee last withdrew; only a withdrawal after the course's start counts as a dropout. */
    withdrawnAt: { type: Date },
    assessmentScore: { type: Number, min: 0, max: 100 },
    completion: {
      decidedAt: { type: Date },
      decidedBy: { type: Schema.Types.ObjectId, ref: 'User' },
      /** What the rule said; `status` holds the final decision. */
      ruleOutcome: { type: String, enum: ['completed', 'not_completed'] },
      attendanceRate: { type: Number },
      overrideReason: storedText(textLimits.decisionReason),
    },
  },
  { timestamps: true },
);
enrollmentSchema.index({ course: 1, trainee: 1 }, { unique: true });
enrollmentSchema.index({ trainee: 1, status: 1 });
enrollmentSchema.index({ university: 1, status: 1 });
enrollmentSchema.index({ course: 1, status: 1 });

/** Changed by every enrollment write, so that what a trainee's pages hold of their own enrollments is never stale. */
export const enrollmentsCacheKey = 'enrollments';
enrollmentSchema.plugin(bumpsCacheVersion(enrollmentsCacheKey));

export type EnrollmentDoc = InferSchemaType<typeof enrollmentSchema> & { _id: Types.ObjectId };
export const Enrollment = model('Enrollment', enrollmentSchema);
