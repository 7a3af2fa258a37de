import { Types } from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongoose';
import { Attendance, attendanceStatuses, type AttendanceDoc, type AttendanceStatus } from '../../models/attendance';
import { type CourseDoc } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { User } from '../../models/user';
import type { Actor } from '../auth/actor';
import { FormError } from '../errors';
import { ruleOf, summarizeAttendance, type CountingRule, type RateSummary } from './attendance-rate';
import { recordAudit } from './audit';
import { loadCourseFor, orderedSessions } from './course-access';
import { findByIds } from '../lib/find-by-ids';

/** Enrollments that appear on the attendance grid and in completion. */
export const gridStatuses = ['enrolled', 'completed', 'not_completed'] as const;

export interface AttendanceInput {
  /** enrollmentId → sessionId → status ('' = no mark). */
  cells: Record<string, Record<string, AttendanceStatus | ''>>;
  remarks: Record<string, Record<string, string>>;
  /** Bulk: sessionId → status for every trainee; enrollmentId → status for every session. Bulk wins over cells. */
  sessionAll: Record<string, AttendanceStatus | ''>;
  traineeAll: Record<string, AttendanceStatus | ''>;
  /** enrollmentId → score 0–100, or null to clear. */
  scores: Record<string, number | null>;
}

export interface RiskRow extends RateSummary {
  enrollmentId: string;
  traineeId: string;
  minAttendanceRate: number;
}

type Marks = Map<string, Map<string, { status: AttendanceStatus; remark: string }>>;

/** Marks by enrollment and session; read by course or by enrollment, equalities the engine serves from an index. */
async function marksOf(filter: { course: Types.ObjectId } | { enrollment: Types.ObjectId }): Promise<Marks> {
  const marks: Marks = new Map();
  for (const a of await Attendance.find(filter).lean()) {
    const row = marks.get(String(a.enrollment)) ?? new Map();
    row.set(String(a.session), { status: a.status as AttendanceStatus, remark: a.remark ?? '' });
    marks.set(String(a.enrollment), row);
  }
  return marks;
}

/** Marks of one enrollment that refer to sessions the course still has. */
export function statusesFor(marks: Marks, enrollmentId: string, sessionIds: Set<string>): AttendanceStatus[] {
  return [...(marks.get(enrollmentId)?.entries() ?? [])].filter(([sid]) => sessionIds.has(sid)).map(([, m]) => m.status);
}

async function gridEnrollments(courseId: Types.ObjectId | string) {
  return Enrollment.find({ course: courseId, status: { $in: gridStatuses } }).lean();
}

type RiskCourse = Pick<CourseDoc, '_id' | 'sessions' | 'completionRule'>;

/** Rate now, best rate still reachable and flags of each enrollment, from marks already read. */
function risksOf(course: RiskCourse, enrollments: readonly { _id: Types.ObjectId; trainee: Types.ObjectId }[], marks: Marks): RiskRow[] {
  const rule = ruleOf(course.completionRule);
  const sessionIds = new Set(course.sessions.map((s) => String(s._id)));
  return enrollments.map((e) => ({
    enrollmentId: String(e._id),
    traineeId: String(e.trainee),
    minAttendanceRate: rule.minAttendanceRate,
    ...summarizeAttendance(statusesFor(marks, String(e._id), sessionIds), sessionIds.size, rule),
  }));
}

/** The at-risk figures (rate now, best rate still reachable, flags) of enrollments of one course that the caller has read. */
export async function riskOf(course: RiskCourse, enrollments: readonly { _id: Types.ObjectId; trainee: Types.ObjectId }[]): Promise<RiskRow[]> {
  return risksOf(course, enrollments, await marksOf({ course: course._id }));
}

type RiskEnrollment = { _id: Types.ObjectId; trainee: Types.ObjectId; course: Types.ObjectId };

/**
 * For /me: the at-risk figures of each of a trainee's enrollments on a known course, keyed by
 * course id, reading only those enrollments' marks.
 */
export async function traineeRisk(enrollments: readonly RiskEnrollment[], courses: ReadonlyMap<string, RiskCourse>): Promise<Record<string, RiskRow>> {
  const rows = await Promise.all(
    enrollments.map(async (e) => {
      const course = courses.get(String(e.course));
      return course ? ([String(e.course), risksOf(course, [e], await marksOf({ enrollment: e._id }))[0]!] as const) : undefined;
    }),
  );
  return Object.fromEntries(rows.filter((r) => r !== undefined));
}

export interface GridCell {
  sessionId: string;
  status: AttendanceStatus | '';
  remark: string;
  error?: string;
}

export interface GridRow {
  enrollmentId: string;
  name: string;
  status: string;
  score: number | null | undefined;
  cells: GridCell[];
  risk?: RiskRow;
}

export interface AttendanceGrid {
  course: CourseDoc;
  rule: CountingRule;
  sessions: ReturnType<typeof orderedSessions>;
  rows: GridRow[];
  editable: boolean;
  statuses: readonly AttendanceStatus[];
}

/** The grid for the attendance page; `posted` overlays what the user submitted when re-rendering after an error. */
export async function getAttendanceGrid(actor: Actor, courseId: string, posted?: { input: AttendanceInput; errors: Record<string, string> }): Promise<AttendanceGrid> {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  const sessions = orderedSessions(course);
  const [enrollments, marks] = await Promise.all([gridEnrollments(course._id), marksOf({ course: course._id })]);
  const users = await findByIds(User, enrollments.map((e) => e.trainee), { name: 1 });
  const risks = new Map(risksOf(course, enrollments, marks).map((r) => [r.enrollmentId, r]));
  const rows = enrollments
    .map((e) => {
      const id = String(e._id);
      const postedScore = posted?.input.scores[id];
      return {
        enrollmentId: id,
        name: users.get(String(e.trainee))?.name ?? '',
        status: e.status,
        score: posted && id in posted.input.scores ? postedScore : e.assessmentScore,
        risk: risks.get(id),
        cells: sessions.map((s) => {
          const saved = marks.get(id)?.get(s.id);
          const status = posted ? (posted.input.cells[id]?.[s.id] ?? '') : (saved?.status ?? '');
          const remark = posted ? (posted.input.remarks[id]?.[s.id] ?? '') : (saved?.remark ?? '');
          return { sessionId: s.id, status, remark, error: posted?.errors[`cell.${id}.${s.id}`] };
        }),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ko'));
  return { course, rule: ruleOf(course.completionRule), sessions, rows, editable: course.status !== 'completed', statuses: attendanceStatuses };
}

/**
 * Applies the bulk choices: a whole trainee (row) or a whole session (column) takes the bulk
 * status, except cells the user changed in this same submit — those are the exceptions
 * ("everyone present, but Kim excused") and keep their own value.
 */
export function resolveCells(input: AttendanceInput, enrollmentIds: string[], sessionIds: string[], saved: (e: string, s: string) => string) {
  const out: Record<string, Record<string, AttendanceStatus | ''>> = {};
  for (const e of enrollmentIds) {
    const row: Record<string, AttendanceStatus | ''> = {};
    for (const s of sessionIds) {
      const posted = input.cells[e]?.[s] ?? '';
      const bulk = input.traineeAll[e] || input.sessionAll[s] || '';
      row[s] = bulk && posted === saved(e, s) ? bulk : posted;
    }
    out[e] = row;
  }
  return out;
}

/** Saves the whole grid in one submit; an excused absence needs its reason in the remark. */
export async function saveAttendance(actor: Actor, courseId: string, input: AttendanceInput): Promise<{ changed: number }> {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  if (course.status === 'completed') throw new FormError({ _form: 'attendance.errors.completed' });
  const sessionIds = orderedSessions(course).map((s) => s.id);
  const enrollments = await Enrollment.find({ course: course._id, status: 'enrolled' }).lean();
  const ids = enrollments.map((e) => String(e._id));
  const before = await marksOf({ course: course._id });
  const cells = resolveCells(input, ids, sessionIds, (e, s) => before.get(e)?.get(s)?.status ?? '');
  const errors: Record<string, string> = {};
  for (const e of ids) {
    for (const s of sessionIds) {
      if (cells[e]?.[s] === 'excused' && !input.remarks[e]?.[s]?.trim()) errors[`cell.${e}.${s}`] = 'attendance.errors.excusedReason';
    }
  }
  if (Object.keys(errors).length) throw new FormError(errors);
  let changed = 0;
  const changes: { enrollment: string; session: string; from: string | null; to: string | null }[] = [];
  const writes: AnyBulkWriteOperation<AttendanceDoc>[] = [];
  const recordedAt = new Date();
  for (const e of ids) {
    for (const s of sessionIds) {
      const status = cells[e]?.[s] ?? '';
      const remark = (input.remarks[e]?.[s] ?? '').trim();
      const old = before.get(e)?.get(s);
      const key = { enrollment: new Types.ObjectId(e), session: new Types.ObjectId(s) };
      if (!status) {
        if (!old) continue;
        writes.push({ deleteOne: { filter: key } });
        changes.push({ enrollment: e, session: s, from: old.status, to: null });
        continue;
      }
      if (old && old.status === status && old.remark === remark) continue;
      writes.push({ updateOne: { filter: key, update: { $set: { status, remark, course: course._id, recordedBy: new Types.ObjectId(actor.id), recordedAt } }, upsert: true } });
      changes.push({ enrollment: e, session: s, from: old?.status ?? null, to: status });
    }
  }
  // One round trip for the whole grid rather than one per changed cell.
  if (writes.length) await Attendance.bulkWrite(writes, { ordered: false });
  for (const e of enrollments) {
    const id = String(e._id);
    if (!(id in input.scores) || input.scores[id] === (e.assessmentScore ?? null)) continue;
    await Enrollment.updateOne({ _id: e._id }, input.scores[id] === null ? { $unset: { assessmentScore: 1 } } : { $set: { assessmentScore: input.scores[id] } });
    await recordAudit({ actor, action: 'enrollment.assessment_score', target: { type: 'Enrollment', id: e._id }, university: course.university, before: { score: e.assessmentScore }, after: { score: input.scores[id] } });
    changed++;
  }
  if (changes.length) await recordAudit({ actor, action: 'attendance.record', target: { type: 'Course', id: course._id }, university: course.university, meta: { changes } });
  return { changed: changed + changes.length };
}
