import { z } from 'zod';
import { levels, modes, tracks, type CourseDoc } from '../../models/course';
import { traineeCategories } from '../../models/user';
import { checkbox, optionalText, requiredText } from './fields';
import { parseForm, type ParseResult } from './parse';

/** One row of the sessions editor as posted; `id` is the stored session's _id when editing. */
export interface SessionRow {
  id: string;
  date: string;
  start: string;
  end: string;
  topic: string;
}

/**
 * The posted `sessions[i][field]` rows as a list without blank rows. The body parser gives an
 * array, or an object keyed by index once there are more than 20 rows; both arrive here.
 */
export function sessionRows(raw: unknown): SessionRow[] {
  const list = Array.isArray(raw) ? raw : typeof raw === 'object' && raw !== null ? Object.entries(raw).sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v) : [];
  return list
    .map((row): SessionRow => {
      const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>;
      const pick = (k: keyof SessionRow) => (typeof r[k] === 'string' ? (r[k] as string).trim() : '');
      return { id: pick('id'), date: pick('date'), start: pick('start'), end: pick('end'), topic: pick('topic') };
    })
    .filter((r) => r.date || r.start || r.end || r.topic);
}

const number = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
    z.number('forms.required').int('manage.form.errors.integer').min(min, 'manage.form.errors.range').max(max, 'manage.form.errors.range'),
  );
const dateTime = z.string('forms.required').regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'manage.form.errors.dateTime');
const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);

const sessionSchema = z
  .object({
    id: z.string().regex(/^([0-9a-f]{24})?$/i, 'forms.invalid'),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'manage.form.errors.date'),
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'manage.form.errors.time'),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'manage.form.errors.time'),
    topic: z.string().max(200, 'forms.tooLong'),
  })
  .refine((s) => s.end > s.start, { path: ['end'], message: 'manage.form.errors.endBeforeStart' });

const courseSchema = z
  .object({
    code: requiredText(40).regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'manage.form.errors.code'),
    titleKo: requiredText(200),
    titleEn: requiredText(200),
    summaryKo: optionalText(500),
    summaryEn: optionalText(500),
    descriptionKo: optionalText(5000),
    descriptionEn: optionalText(5000),
    track: z.enum(tracks, 'forms.required'),
    level: z.enum(levels, 'forms.required'),
    mode: z.enum(modes, 'forms.required'),
    venue: optionalText(200),
    instructors: optionalText(1000),
    sessions: z.array(sessionSchema).max(100, 'forms.tooLong'),
    capacity: number(1, 1000),
    enrolmentOpensAt: dateTime,
    enrolmentClosesAt: dateTime,
    approvalRequired: checkbox,
    eligibleCategories: z.preprocess(list, z.array(z.enum(traineeCategories, 'forms.invalid')).min(1, 'manage.form.errors.categoryRequired')),
    minAttendancePercent: number(0, 100),
    assessmentRequired: checkbox,
    passScore: number(0, 100),
  })
  .refine((f) => f.enrolmentOpensAt < f.enrolmentClosesAt, {
    path: ['enrolmentClosesAt'],
    message: 'manage.form.errors.windowOrder',
    // Checked even when other fields are wrong, so every message shows at once.
    when: (payload) => z.object({ enrolmentOpensAt: dateTime, enrolmentClosesAt: dateTime }).safeParse(payload.value).success,
  });

export type CourseForm = z.infer<typeof courseSchema>;

/** The Date of a `YYYY-MM-DDTHH:mm` typed in Asia/Seoul. */
export function fromSeoulInput(value: string): Date {
  return new Date(`${value}:00+09:00`);
}

/** A Date as the `YYYY-MM-DDTHH:mm` a datetime-local input shows in Asia/Seoul. */
export function toSeoulInput(value: Date | null | undefined): string {
  return value ? new Date(value.getTime() + 9 * 3600 * 1000).toISOString().slice(0, 16) : '';
}

/** Parses the course form; `values.sessions` holds the non-blank rows, which error paths index. */
export function parseCourseForm(body: unknown): ParseResult<CourseForm> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rows = sessionRows(raw.sessions);
  const result = parseForm(courseSchema, { ...raw, sessions: rows });
  result.values.sessions = rows;
  result.values.eligibleCategories = list(raw.eligibleCategories);
  return result;
}

/** What the course services take: the form's values in the model's shape. */
export function toCourseInput(form: CourseForm) {
  return {
    code: form.code.toUpperCase(),
    title: { ko: form.titleKo, en: form.titleEn },
    summary: { ko: form.summaryKo, en: form.summaryEn },
    description: { ko: form.descriptionKo, en: form.descriptionEn },
    track: form.track,
    level: form.level,
    mode: form.mode,
    venue: form.venue,
    instructors: form.instructors.split(/[\n,]/).map((s) => s.trim()).filter(Boolean),
    sessions: form.sessions.map((s) => ({ id: s.id || undefined, date: s.date, start: s.start, end: s.end, topic: s.topic })),
    capacity: form.capacity,
    enrolmentOpensAt: fromSeoulInput(form.enrolmentOpensAt),
    enrolmentClosesAt: fromSeoulInput(form.enrolmentClosesAt),
    approvalRequired: form.approvalRequired,
    eligibleCategories: form.eligibleCategories,
    completionRule: { minAttendanceRate: form.minAttendancePercent / 100, assessmentRequired: form.assessmentRequired, passScore: form.passScore },
  };
}

export type CourseInput = ReturnType<typeof toCourseInput>;

/** A stored course as the form's values, for the edit page. */
export function courseToValues(course: CourseDoc): Record<string, unknown> {
  return {
    code: course.code,
    titleKo: course.title.ko, titleEn: course.title.en,
    summaryKo: course.summary?.ko ?? '', summaryEn: course.summary?.en ?? '',
    descriptionKo: course.description?.ko ?? '', descriptionEn: course.description?.en ?? '',
    track: course.track, level: course.level, mode: course.mode, venue: course.venue,
    instructors: course.instructors.join('\n'),
    sessions: course.sessions.map((s) => ({ id: String(s._id), date: s.date, start: s.start, end: s.end, topic: s.topic })),
    capacity: String(course.capacity),
    enrolmentOpensAt: toSeoulInput(course.enrolmentOpensAt), enrolmentClosesAt: toSeoulInput(course.enrolmentClosesAt),
    approvalRequired: course.approvalRequired,
    eligibleCategories: course.eligibleCategories,
    minAttendancePercent: String(Math.round((course.completionRule?.minAttendanceRate ?? 0.8) * 100)),
    assessmentRequired: course.completionRule?.assessmentRequired ?? false,
    passScore: String(course.completionRule?.passScore ?? 60),
  };
}

/** Values of an empty form: the defaults a new course starts from. */
export function newCourseValues(): Record<string, unknown> {
  return { level: 'beginner', mode: 'offline', capacity: '20', eligibleCategories: [...traineeCategories], minAttendancePercent: '80', passScore: '60', sessions: [] };
}
