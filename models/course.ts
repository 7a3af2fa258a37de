import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { parseDay, parseTime, seoulInstant } from '../server/lib/calendar';
import { localizedText } from './localized-text';
import { storedText, textLimits } from './text';
import { traineeCategories } from './user';

export const tracks = ['materials', 'cell', 'pack_bms', 'safety_testing', 'analysis', 'recycling', 'data_ai'] as const;
export type Track = (typeof tracks)[number];
/** The most skills one course is tagged with: a course that claims more trains none of them well. */
export const maxCourseSkills = 8;
export const levels = ['beginner', 'intermediate', 'advanced'] as const;
export const modes = ['offline', 'online', 'hybrid'] as const;
export const courseStatuses = ['draft', 'published', 'closed', 'completed', 'cancelled'] as const;
export type CourseStatus = (typeof courseStatuses)[number];

/** One training day. Its _id is stable across edits: attendance refers to it. */
const sessionSchema = new Schema({
  /** Calendar day in Asia/Seoul, as `YYYY-MM-DD`. */
  date: { type: String, required: true, validate: (v: string) => parseDay(v).ok },
  start: { type: String, required: true, validate: (v: string) => parseTime(v).ok },
  end: { type: String, required: true, validate: (v: string) => parseTime(v).ok },
  topic: { ...storedText(textLimits.sessionTopic), default: '' },
});

const completionRuleSchema = new Schema(
  {
    /** Share of sessions attended, 0–1; 0.8 is the national vocational-training standard. */
    minAttendanceRate: { type: Number, min: 0, max: 1, default: 0.8 },
    assessmentRequired: { type: Boolean, default: false },
    passScore: { type: Number, min: 0, max: 100, default: 60 },
    /** How many lates or early leaves count as one absence (0 = they never do). */
    latesPerAbsence: { type: Number, min: 0, max: 10, default: 3 },
    /** Whether an excused absence counts as attended. */
    excusedCountsAsAttended: { type: Boolean, default: true },
  },
  { _id: false },
);

const courseSchema = new Schema(
  {
    university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
    code: { type: String, required: true, trim: true, uppercase: true, maxlength: textLimits.courseCode },
    title: { type: localizedText(true, { max: textLimits.courseTitle }), required: true },
    summary: {
      type: localizedText(false, { max: textLimits.courseSummary, multiline: true }),
      default: () => ({ ko: '', en: '' }),
    },
    description: {
      type: localizedText(false, { max: textLimits.courseDescription, multiline: true }),
      default: () => ({ ko: '', en: '' }),
    },
    track: { type: String, enum: tracks, required: true },
    /** The skills the course trains (models/skill.ts), chosen by its staff from the city's list. */
    skills: { type: [{ type: Schema.Types.ObjectId, ref: 'Skill' }], default: [] },
    level: { type: String, enum: levels, default: 'beginner' },
    mode: { type: String, enum: modes, required: true },
    venue: { ...storedText(textLimits.venue), default: '' },
    instructors: { type: [storedText(textLimits.instructors)], default: [] },
    sessions: { type: [sessionSchema], default: [] },
    /** Derived from the sessions on every save. */
    totalHours: { type: Number, default: 0 },
    /** Start of the first session and end of the last, derived for sorting and the withdrawal deadline. */
    startsAt: { type: Date },
    endsAt: { type: Date },
    capacity: { type: Number, required: true, min: 1, max: 1000 },
    enrolmentOpensAt: { type: Date, required: true },
    enrolmentClosesAt: { type: Date, required: true },
    approvalRequired: { type: Boolean, default: false },
    eligibleCategories: { type: [String], enum: traineeCategories, default: () => [...traineeCategories] },
    completionRule: { type: completionRuleSchema, default: () => ({}) },
    /** QR check-in: a trainee who checks in more than this many minutes after a session's start is marked late. */
    checkInGraceMinutes: { type: Number, min: 0, max: 120, default: 10 },
    status: { type: String, enum: courseStatuses, default: 'draft' },
    publishedAt: { type: Date },
    cancelledAt: { type: Date },
    /** Why staff cancelled it, as every trainee was told. */
    cancelReason: storedText(textLimits.decisionReason, { multiline: true }),
    completedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
courseSchema.index({ university: 1, code: 1 }, { unique: true });
courseSchema.index({ status: 1, startsAt: 1 });
courseSchema.index({ university: 1, status: 1 });
courseSchema.plugin(bumpsCacheVersion('catalog'));

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Training hours of a course's sessions, to one decimal. */
export function trainingHours(sessions: readonly { start: string; end: string }[]): number {
  const total = sessions.reduce((sum, s) => sum + Math.max(0, minutes(s.end) - minutes(s.start)), 0);
  return Math.round((total / 60) * 10) / 10;
}

/** The instant of a `YYYY-MM-DD` day and `HH:mm` time in Asia/Seoul. */
export const seoulTime = seoulInstant;

/** Sessions in calendar order: by day, then start (`YYYY-MM-DD` and `HH:mm` sort as text). */
export function bySessionStart(a: { date: string; start: string }, b: { date: string; start: string }): number {
  return (a.date + a.start).localeCompare(b.date + b.start);
}

courseSchema.pre('validate', function () {
  const sessions = [...this.sessions].sort(bySessionStart);
  this.totalHours = trainingHours(sessions);
  const first = sessions[0];
  const last = sessions[sessions.length - 1];
  this.startsAt = first ? seoulTime(first.date, first.start) : undefined;
  this.endsAt = last ? seoulTime(last.date, last.end) : undefined;
});

export type CourseDoc = InferSchemaType<typeof courseSchema> & { _id: Types.ObjectId };
export type CourseSession = InferSchemaType<typeof sessionSchema> & { _id: Types.ObjectId };
export const Course = model('Course', courseSchema);
