import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { storedText, textLimits } from './text';

export const roles = ['trainee', 'university_staff', 'city_staff', 'admin'] as const;
export type Role = (typeof roles)[number];

export const traineeCategories = ['student', 'job_seeker', 'employee'] as const;
export type TraineeCategory = (typeof traineeCategories)[number];

const traineeProfileSchema = new Schema(
  {
    category: { type: String, enum: traineeCategories, required: true },
    affiliation: { ...storedText(textLimits.affiliation), default: '' },
    pohangResident: { type: Boolean, default: false },
    /** Consent to being named in completion reports to the city; figures never need it. */
    namedReportingConsent: { type: Boolean, default: false },
    namedReportingConsentAt: { type: Date },
    /** Version of the consent wording the trainee agreed to. */
    namedReportingConsentVersion: { type: String },
    /** When consent was last withdrawn; the consent time is cleared then. */
    namedReportingConsentWithdrawnAt: { type: Date },
  },
  { _id: false },
);

const userSchema = new Schema(
  {
    // Stored lower-cased: the engine has no case-insensitive collation, so the unique
    // index on the lower-cased value is what makes emails unique regardless of case.
    email: { type: String, required: true, trim: true, lowercase: true, maxlength: textLimits.email },
    passwordHash: { type: String },
    name: { ...storedText(textLimits.personName), required: true },
    role: { type: String, enum: roles, required: true },
    university: { type: Schema.Types.ObjectId, ref: 'University' },
    locale: { type: String, enum: ['ko', 'en'], default: 'ko' },
    active: { type: Boolean, default: true },
    trainee: { type: traineeProfileSchema },
    lastLoginAt: { type: Date },
    passwordChangedAt: { type: Date },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, university: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const User = model('User', userSchema);
