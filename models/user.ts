import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { storedText, textLimits } from './text';

export const roles = ['trainee', 'university_staff', 'city_staff', 'admin'] as const;
export type Role = (typeof roles)[number];

export const traineeCategories = ['student', 'job_seeker', 'employee'] as const;
export type TraineeCategory = (typeof traineeCategories)[number];

/** A consent the trainee may give and withdraw: when, to which wording, and when withdrawn. */
const consentRecordSchema = new Schema(
  {
    given: { type: Boolean, default: false },
    at: { type: Date },
    version: { type: String },
    withdrawnAt: { type: Date },
  },
  { _id: false },
);

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
    /** Consent to being asked about work 3 and 6 months after a completion (outcome follow-up). */
    followUp: { type: consentRecordSchema },
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
    /** The required consent to collecting and using personal data (수집·이용 동의), given at sign-up. */
    privacyConsent: { version: { type: String }, at: { type: Date } },
    /** Seoul day of the last sign-in or sign-up: the retention job finds inactive trainees by this equality. */
    lastActiveDay: { type: String },
    /** Set when the account was closed or expired: the name and contact details are gone, `name` is a pseudonym. */
    anonymisedAt: { type: Date },
    /**
     * The Seoul month (YYYY-MM) of `anonymisedAt`: the API's changes feed finds anonymisations a
     * month at a time by this equality (they are few, so one read covers a page's many days).
     */
    anonymisedMonth: { type: String },
  },
  { timestamps: true },
);
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ role: 1, university: 1 });
userSchema.index({ lastActiveDay: 1 });
userSchema.index({ anonymisedMonth: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const User = model('User', userSchema);
