import { z } from 'zod';
import { levels, maxCourseSkills, modes, tracks, type CourseDoc } from '../../models/course';
import { textLimits } from '../../models/text';
import { traineeCategories, type TraineeCategory } from '../../models/user';
import { toSeoulDateTimeInput } from '../lib/calendar';
import type { CourseInput } from '../services/courses/manage';
import { bilingualFields, checkbox, postedList, dateTime, day, optionalText, requiredText, time } from './fields';
import { messageWith, parseForm, type ParseResult } from './parse';
import { postedRows } from './rows';
import { flatten, unflatten } from '../lib/bilingual';

export const sessionFields = ['id', 'date', 'start', 'end', 'topic'] as const;

/**
 * One row of the sessions editor as posted; `id` is the stored session's _id when editing.
 * Texts are trimmed; anything else posted (a repeated field) is kept for the schema to refuse.
 */
export type SessionRow = Record<(typeof sessionFields)[number], unknown>;

/** The posted `sessions[i][field]` rows as a list without blank rows. */
export function sessionRows(raw: unknown): SessionRow[] {
  return postedRows(raw, sessionFields).filter((r) => sessionFields.some((k) => k !== 'id' && r[k] !== ''));
}

const number = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
    z
      .number('forms.required')
      .int('manage.form.errors.integer')
      // The message gives the range ("1에서 1000 사이의 숫자를 입력해 주세요."), not only that it was left.
      .min(min, messageWith('forms.number.range', { min, max }))
      .max(max, messageWith('forms.number.range', { min, max })),
  );
const isCategory = (v: unknown): v is TraineeCategory => (traineeCategories as readonly unknown[]).includes(v);
/** The ticked boxes; an unknown value is refused on the field itself, where the boxes show its message. */
const categories = z.preprocess(
  postedList,
  z
    .custom<TraineeCategory[]>((v) => Array.isArray(v) && v.every(isCategory), 'forms.invalid')
    .refine((v) => v.length > 0, 'manage.form.errors.categoryRequired'),
);

/** The ticked skills, by id; whether each is on the list is the service's check (courses/skills.ts). */
const skills = z.preprocess(
  postedList,
  z
    .custom<string[]>(
      (v) => Array.isArray(v) && v.every((id) => typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id)),
      'skills.errors.notOnList',
    )
    .refine((v) => v.length <= maxCourseSkills, messageWith('skills.errors.tooMany', { max: maxCourseSkills })),
);

const sessionSchema = z
  .object({
    id: z.string().regex(/^([0-9a-f]{24})?$/i, 'forms.invalid'),
    date: day,
    start: time,
    end: time,
    topic: optionalText(textLimits.sessionTopic),
  })
  .refine((s) => s.end > s.start, { path: ['end'], message: 'manage.form.errors.endBeforeStart' });

const courseSchema = z
  .object({
    code: requiredText(textLimits.courseCode).regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'manage.form.errors.code'),
    ...bilingualFields('title', requiredText(textLimits.courseTitle)),
    ...bilingualFields('summary', optionalText(textLimits.courseSummary, { multiline: true })),
    ...bilingualFields('description', optionalText(textLimits.courseDescription, { multiline: true })),
    track: z.enum(tracks, 'forms.required'),
    skills,
    level: z.enum(levels, 'forms.required'),
    mode: z.enum(modes, 'forms.required'),
    venue: optionalText(textLimits.venue),
    instructors: optionalText(textLimits.instructors, { multiline: true }),
    sessions: z.array(sessionSchema).max(100, 'forms.tooLong'),
    capacity: number(1, 1000),
    enrolmentOpensAt: dateTime,
    enrolmentClosesAt: dateTime,
    approvalRequired: checkbox,
    eligibleCategories: categories,
    minAttendancePercent: number(0, 100),
    assessmentRequired: checkbox,
    passScore: number(0, 100),
    latesPerAbsence: number(0, 10),
    excusedCountsAsAttended: checkbox,
    checkInGraceMinutes: number(0, 120),
  })
  .refine((f) => f.enrolmentOpensAt < f.enrolmentClosesAt, {
    path: ['enrolmentClosesAt'],
    message: 'manage.form.errors.windowOrder',
    // Checked even when other fields are wrong, so every message shows at once.
    when: (payload) => {
      const { enrolmentOpensAt, enrolmentClosesAt } = payload.value as Record<string, unknown>;
      return enrolmentOpensAt instanceof Date && enrolmentClosesAt instanceof Date;
    },
  });

export type CourseForm = z.infer<typeof courseSchema>;

/** Parses the course form; `values.sessions` holds the non-blank rows, which error paths index. */
export function parseCourseForm(body: unknown): ParseResult<CourseForm> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rows = sessionRows(raw.sessions);
  const result = parseForm(courseSchema, { ...raw, sessions: rows });
  result.values.sessions = rows;
  result.values.eligibleCategories = postedList(raw.eligibleCategories);
  result.values.skills = postedList(raw.skills);
  return result;
}

/** What the course services take: the form's values in the model's shape. */
export function toCourseInput(form: CourseForm): CourseInput {
  return {
    code: form.code.toUpperCase(),
    title: unflatten('title', form),
    summary: unflatten('summary', form),
    description: unflatten('description', form),
    track: form.track,
    skills: [...new Set(form.skills.map((id) => id.toLowerCase()))],
    level: form.level,
    mode: form.mode,
    venue: form.venue,
    instructors: form.instructors
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    sessions: form.sessions.map((s) => ({
      id: s.id || undefined,
      date: s.date,
      start: s.start,
      end: s.end,
      topic: s.topic,
    })),
    capacity: form.capacity,
    enrolmentOpensAt: form.enrolmentOpensAt,
    enrolmentClosesAt: form.enrolmentClosesAt,
    approvalRequired: form.approvalRequired,
    eligibleCategories: form.eligibleCategories,
    completionRule: {
      minAttendanceRate: form.minAttendancePercent / 100,
      assessmentRequired: form.assessmentRequired,
      passScore: form.passScore,
      latesPerAbsence: form.latesPerAbsence,
      excusedCountsAsAttended: form.excusedCountsAsAttended,
    },
    checkInGraceMinutes: form.checkInGraceMinutes,
  };
}

/** A stored course as the form's values, for the edit page. */
export function courseToValues(course: CourseDoc): Record<string, unknown> {
  return {
    code: course.code,
    ...flatten('title', course.title),
    ...flatten('summary', course.summary),
    ...flatten('description', course.description),
    track: course.track,
    skills: (course.skills ?? []).map(String),
    level: course.level,
    mode: course.mode,
    venue: course.venue,
    instructors: course.instructors.join('\n'),
    sessions: course.sessions.map((s) => ({
      id: String(s._id),
      date: s.date,
      start: s.start,
      end: s.end,
      topic: s.topic,
    })),
    capacity: String(course.capacity),
    enrolmentOpensAt: toSeoulDateTimeInput(course.enrolmentOpensAt),
    enrolmentClosesAt: toSeoulDateTimeInput(course.enrolmentClosesAt),
    approvalRequired: course.approvalRequired,
    eligibleCategories: course.eligibleCategories,
    minAttendancePercent: String(Math.round((course.completionRule?.minAttendanceRate ?? 0.8) * 100)),
    assessmentRequired: course.completionRule?.assessmentRequired ?? false,
    passScore: String(course.completionRule?.passScore ?? 60),
    latesPerAbsence: String(course.completionRule?.latesPerAbsence ?? 3),
    excusedCountsAsAttended: course.completionRule?.excusedCountsAsAttended ?? true,
    checkInGraceMinutes: String(course.checkInGraceMinutes ?? 10),
  };
}

/** Values of an empty form: the defaults a new course starts from. */
export function newCourseValues(): Record<string, unknown> {
  return {
    level: 'beginner',
    mode: 'offline',
    capacity: '20',
    eligibleCategories: [...traineeCategories],
    skills: [],
    minAttendancePercent: '80',
    passScore: '60',
    latesPerAbsence: '3',
    excusedCountsAsAttended: true,
    checkInGraceMinutes: '10',
    sessions: [],
  };
}
