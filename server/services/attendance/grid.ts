import { Types } from 'mongoose';
import type { AnyBulkWriteOperation } from 'mongoose';
import { Attendance, attendanceStatuses, type AttendanceDoc, type AttendanceStatus } from '../../../models/attendance';
import { seoulTime, type CourseDoc } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { ruleOf, summarizeAttendance, type CountingRule, type RateSummary } from './rate';
import { recordAudit } from '../audit/record';
import { loadCourseFor, orderedSessions } from '../course-base/access';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { courseRosterEntries, type RosterEntry } from '../copies/course-roster';
import { writeAnnounced } from '../copies/changes';
import { marksOf, traineeSheetMarks, type Marks } from '../copies/attendance-sheets';

/** Enrollments that appear on the attendance grid and in completion. */
export const gridStatuses = ['enrolled', 'completed', 'not_completed'] as const;

type Status = AttendanceStatus | '';

export interface AttendanceInput {
  /** enrollmentId → sessionId → status as posted ('' = no mark). A cell that was not posted stays as it is. */
  cells: Record<string, Record<string, Status>>;
  remarks: Record<string, Record<string, string>>;
  /**
   * What the page showed in each cell when it was loaded (sent for marked cells only): a cell is
   * the user's change only where the posted value differs from it, so a save never touches a
   * mark the user left alone, even one a colleague recorded after the page was loaded.
   */
  shown: Record<string, Record<string, Status>>;
  shownRemarks: Record<string, Record<string, string>>;
  /** Bulk: sessionId → status for every trainee; enrollmentId → status for every session held so far. */
  sessionAll: Record<string, Status>;
  traineeAll: Record<string, Status>;
  /** enrollmentId → score 0–100, or null to clear; like the cells, only a score that differs from the one shown is the user's change. */
  scores: Record<string, number | null>;
  shownScores: Record<string, number | null>;
}

/** A save that changes only the given parts (cells and what the page showed of them, a bulk column...). */
export function attendanceInput(parts: Partial<AttendanceInput>): AttendanceInput {
  return {
    cells: {},
    remarks: {},
    shown: {},
    shownRemarks: {},
    sessionAll: {},
    traineeAll: {},
    scores: {},
    shownScores: {},
    ...parts,
  };
}

export interface RiskRow extends RateSummary {
  enrollmentId: string;
  traineeId: string;
  minAttendanceRate: number;
  /** Sessions that have ended without a mark: someone forgot to take attendance (at completion they count as absent). */
  unrecordedPast: number;
}

/** Marks of one enrollment that refer to sessions the course still has. */
export function statusesFor(marks: Marks, enrollmentId: string, sessionIds: Set<string>): AttendanceStatus[] {
  return [...(marks.get(enrollmentId)?.entries() ?? [])]
    .filter(([sid]) => sessionIds.has(sid))
    .map(([, m]) => m.status);
}

const onGrid = (status: string) => (gridStatuses as readonly string[]).includes(status);

export async function gridEnrollments(courseId: Types.ObjectId | string) {
  return Enrollment.find({ course: courseId, status: { $in: gridStatuses } }).lean();
}

type RiskCourse = Pick<CourseDoc, '_id' | 'sessions' | 'completionRule'>;

/** Ids of the course's sessions that have ended by `now`. */
export function endedSessionIds(course: Pick<CourseDoc, 'sessions'>, now: Date): string[] {
  return course.sessions.filter((s) => seoulTime(s.date, s.end) <= now).map((s) => String(s._id));
}

/** Rate now, best rate still reachable and flags of each enrollment, from marks already read. */
function risksOf(
  course: RiskCourse,
  enrollments: readonly { _id: Types.ObjectId | string; trainee: Types.ObjectId | string }[],
  marks: Marks,
  now: Date,
): RiskRow[] {
  const rule = ruleOf(course.completionRule);
  const sessionIds = new Set(course.sessions.map((s) => String(s._id)));
  const ended = endedSessionIds(course, now);
  return enrollments.map((e) => {
    const unrecordedPast = ended.filter((s) => !marks.get(String(e._id))?.has(s)).length;
    return {
      enrollmentId: String(e._id),
      traineeId: String(e.trainee),
      minAttendanceRate: rule.minAttendanceRate,
      unrecordedPast,
      ...summarizeAttendance(statusesFor(marks, String(e._id), sessionIds), sessionIds.size, rule, unrecordedPast),
    };
  });
}

/**
 * The at-risk figures (rate now, best rate still reachable, flags) of entries of the course's packed
 * roster, from the marks they carry, by enrollment id.
 */
export function riskOf(
  course: RiskCourse,
  entries: readonly Pick<RosterEntry, 'enrollmentId' | 'traineeId' | 'marks'>[],
  now = new Date(clock.now()),
): Map<string, RiskRow> {
  const marks: Marks = new Map(entries.map((e) => [e.enrollmentId, e.marks]));
  const owners = entries.map((e) => ({ _id: e.enrollmentId, trainee: e.traineeId }));
  return new Map(risksOf(course, owners, marks, now).map((r) => [r.enrollmentId, r]));
}

type RiskEnrollment = { _id: Types.ObjectId; trainee: Types.ObjectId; course: Types.ObjectId };

/** One session of a trainee's own attendance: its mark, or why it has none (ended without one, or still ahead). */
export interface OwnSession {
  /** 1-based, in time order. */
  n: number;
  date: string;
  start: string;
  end: string;
  topic?: string | null;
  state: AttendanceStatus | 'unrecorded' | 'upcoming';
}

/** A trainee's own attendance in one course: the figures as completion counts them, and every session. */
export interface OwnAttendance extends RiskRow {
  sessions: OwnSession[];
  /** The sessions that ended without a mark, named: completion will count each as an absence. */
  unrecordedSessions: OwnSession[];
}

/**
 * For /me: each of one trainee's enrollments on a known course, keyed by course id, with the rate as
 * completion counts it and every session's mark, from that trainee's attendance sheets (one read for
 * all of them) and the courses already read.
 */
export async function traineeRisk(
  enrollments: readonly RiskEnrollment[],
  courses: ReadonlyMap<string, RiskCourse>,
  now = new Date(clock.now()),
): Promise<Record<string, OwnAttendance>> {
  const trainee = enrollments[0]?.trainee;
  if (!trainee) return {};
  return ownAttendance(enrollments, courses, await traineeSheetMarks(trainee), now);
}

/** traineeRisk from the trainee's marks already read. */
export function ownAttendance(
  enrollments: readonly RiskEnrollment[],
  courses: ReadonlyMap<string, RiskCourse>,
  marks: Marks,
  now: Date,
): Record<string, OwnAttendance> {
  return Object.fromEntries(
    enrollments.flatMap((e) => {
      const course = courses.get(String(e.course));
      if (!course) return [];
      const own = marks.get(String(e._id));
      const sessions = orderedSessions(course).map((s, i): OwnSession => {
        const mark = own?.get(s.id);
        const ended = seoulTime(s.date, s.end) <= now;
        return {
          n: i + 1,
          date: s.date,
          start: s.start,
          end: s.end,
          topic: s.topic,
          state: mark ? mark.status : ended ? 'unrecorded' : 'upcoming',
        };
      });
      const risk = risksOf(course, [e], marks, now)[0]!;
      const row: OwnAttendance = {
        ...risk,
        sessions,
        unrecordedSessions: sessions.filter((s) => s.state === 'unrecorded'),
      };
      return [[String(e.course), row] as const];
    }),
  );
}

type OrderedSession = ReturnType<typeof orderedSessions>[number];

export interface GridSession extends OrderedSession {
  /** Whether the session has started; marks are taken for those only. */
  held: boolean;
  /** Not started yet, or the course is completed. */
  readonly: boolean;
  /** The bulk choice for the whole column, as posted. */
  bulk: Status;
}

export interface GridCell {
  sessionId: string;
  status: Status;
  remark: string;
  /** What the page showed when it was first loaded: posted back to tell the user's changes apart. */
  shown: Status;
  shownRemark: string;
  readonly: boolean;
  error?: string;
}

export interface GridRow {
  enrollmentId: string;
  name: string;
  status: string;
  score: number | null | undefined;
  shownScore: number | null | undefined;
  scoreError?: string;
  bulk: Status;
  cells: GridCell[];
  risk?: RiskRow;
}

/** One refused input, named for the summary above the grid (the cell itself carries the same message). */
export interface GridProblem {
  anchor?: string;
  /** The trainee, the session's day (`YYYY-MM-DD`, which the page writes with its weekday), or both. */
  name?: string;
  date?: string;
  message: string;
}

/** The grid around its rows (`gridFrame`). */
export interface GridFrame {
  course: CourseDoc;
  rule: CountingRule;
  sessions: GridSession[];
  /** How many rows the grid has. */
  rowCount: number;
  editable: boolean;
  statuses: readonly AttendanceStatus[];
}

export interface AttendanceGrid extends GridFrame {
  rows: GridRow[];
  problems: GridProblem[];
}

/** The course's sessions in calendar order, each `held` once it has started: marks are taken for those only. */
export function sessionsAt(course: Pick<CourseDoc, 'sessions'>, now: Date) {
  return orderedSessions(course).map((s) => ({ ...s, held: seoulTime(s.date, s.start) <= now }));
}

/** What a grid or a roster is drawn from: the course (frozen, shared), its packed roster's entries (shared while its stored rows stay the same) and the moment. */
export interface RowsSource {
  course: CourseDoc;
  entries: readonly RosterEntry[];
  now: Date;
}

/**
 * The part of the moment that a course's rows depend on: Seoul's day (a date shows its year when
 * it is not this year's) and how many of its sessions have started (marks are taken for those)
 * and ended (an ended session without a mark is unrecorded). Both counts only grow with time for
 * the same sessions, so they name which sessions. Rows drawn from the same entries, the same course
 * document and the same moment are the same (routes/support/staff-rows.ts keeps their HTML by it).
 */
export function rowsMoment(course: Pick<CourseDoc, 'sessions'>, now: Date): string {
  const held = course.sessions.filter((s) => seoulTime(s.date, s.start) <= now).length;
  return `${seoulDayOf(now)} ${held} ${endedSessionIds(course, now).length}`;
}

/** The course and its packed roster's entries, for the attendance grid (one read of each, both held in memory while unchanged). */
export async function attendanceGridSource(
  actor: Actor,
  courseId: string,
  now = new Date(clock.now()),
): Promise<RowsSource> {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  return { course, entries: await courseRosterEntries(course._id), now };
}

type Posted = { input: AttendanceInput; errors: Record<string, string> };

/** The grid around its rows: the columns, the counting rule, whether it can be changed, and how many rows it has. */
export function gridFrame(source: RowsSource, posted?: Posted): GridFrame {
  const { course, now } = source;
  const editable = course.status !== 'completed';
  const sessions = sessionsAt(course, now).map((s): GridSession => ({
    ...s,
    readonly: !editable || !s.held,
    bulk: (s.held && posted?.input.sessionAll[s.id]) || '',
  }));
  return {
    course,
    rule: ruleOf(course.completionRule),
    sessions,
    rowCount: source.entries.filter((e) => onGrid(e.status)).length,
    editable,
    statuses: attendanceStatuses,
  };
}

/** The grid's rows, by trainee name, over the frame's columns; `posted` as for `attendanceGrid`. */
export function gridRows(source: RowsSource, sessions: readonly GridSession[], posted?: Posted): GridRow[] {
  const entries = source.entries.filter((e) => onGrid(e.status));
  const risks = riskOf(source.course, entries, source.now);
  const errors = posted?.errors ?? {};
  return entries
    .map((e): GridRow => {
      const id = e.enrollmentId;
      const input = posted?.input;
      return {
        enrollmentId: id,
        name: e.name,
        status: e.status,
        ...(input && scoreChange(input, id)
          ? { score: input.scores[id], shownScore: input.shownScores[id] }
          : { score: e.score, shownScore: e.score }),
        scoreError: errors[`score.${id}`],
        bulk: input?.traineeAll[id] ?? '',
        risk: risks.get(id),
        cells: sessions.map(({ id: sessionId, readonly }): GridCell => {
          const mark = e.marks.get(sessionId);
          const saved: { status: Status; remark: string } = { status: mark?.status ?? '', remark: mark?.remark ?? '' };
          const change = input && userChange(input, id, sessionId);
          const error = errors[`cell.${id}.${sessionId}`] ?? errors[`remark.${id}.${sessionId}`];
          return change
            ? {
                sessionId,
                status: change.status,
                remark: change.remark ?? saved.remark,
                shown: change.shown,
                shownRemark: change.shownRemark,
                readonly,
                error,
              }
            : { sessionId, ...saved, shown: saved.status, shownRemark: saved.remark, readonly, error };
        }),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ko'));
}

/**
 * The grid for the attendance page. After a refused save, `posted` overlays what the user
 * submitted: their changed cells, remarks, bulk choices and scores come back as they sent them,
 * each error in its cell; cells they did not change show what is recorded now. Names, statuses,
 * scores and marks come from the course's packed roster: one document for the whole grid.
 */
export function attendanceGrid(source: RowsSource, posted?: Posted): AttendanceGrid {
  const frame = gridFrame(source, posted);
  const rows = gridRows(source, frame.sessions, posted);
  const errors = posted?.errors ?? {};
  return {
    ...frame,
    rows,
    problems: problemsOf(errors, rows, frame.sessions, !!source.course.completionRule?.assessmentRequired),
  };
}

/** `attendanceGrid` of the course as it is now. */
export async function getAttendanceGrid(
  actor: Actor,
  courseId: string,
  posted?: Posted,
  now = new Date(clock.now()),
): Promise<AttendanceGrid> {
  return attendanceGrid(await attendanceGridSource(actor, courseId, now), posted);
}

/**
 * The summary's entries link to the ids views/attendance/grid.hbs gives the inputs; a score sent for a
 * course without assessment has no input on the page, so its entry has no link.
 */
function problemsOf(
  errors: Record<string, string>,
  rows: readonly GridRow[],
  sessions: readonly GridSession[],
  assessed: boolean,
): GridProblem[] {
  const problems: GridProblem[] = [];
  for (const s of sessions) {
    const message = errors[`allSession.${s.id}`];
    if (message) problems.push({ anchor: `bulk-${s.id}`, date: s.date, message });
  }
  for (const row of rows) {
    for (const [i, cell] of row.cells.entries()) {
      if (cell.error)
        problems.push({
          anchor: `cell-${row.enrollmentId}-${cell.sessionId}`,
          name: row.name,
          date: sessions[i]?.date,
          message: cell.error,
        });
    }
    if (row.scoreError)
      problems.push({
        anchor: assessed ? `score-${row.enrollmentId}` : undefined,
        name: row.name,
        message: row.scoreError,
      });
  }
  return problems;
}

/**
 * The cell as the user changed it in this submit, or undefined when they left it alone: not
 * posted (a read-only cell, a row added since the page was loaded) or posted as the page showed it.
 */
function userChange(input: AttendanceInput, e: string, s: string) {
  const status = input.cells[e]?.[s];
  if (status === undefined) return undefined;
  const remark = input.remarks[e]?.[s]?.trim();
  const shown = input.shown[e]?.[s] ?? '';
  const shownRemark = input.shownRemarks[e]?.[s] ?? '';
  if (status === shown && (remark ?? shownRemark) === shownRemark) return undefined;
  return { status, remark, shown, shownRemark };
}

/** Whether the user changed a trainee's score in this submit (a score not posted is left alone). */
function scoreChange(input: AttendanceInput, e: string): boolean {
  return e in input.scores && input.scores[e] !== (input.shownScores[e] ?? null);
}

type Requested = { enrollment: string; session: string; status: Status; remark: string | undefined; bulk: boolean };

/**
 * What one submit asks to record: every cell the user changed, and the bulk choices on the cells
 * they left alone — a whole session (column), or a whole trainee (row) over the sessions held so
 * far; the cells changed by hand are the exceptions ("everyone present, but Kim excused").
 * A remark left undefined keeps the recorded one.
 */
function requestedCells(
  input: AttendanceInput,
  enrollmentIds: readonly string[],
  sessions: readonly { id: string; held: boolean }[],
): Requested[] {
  const requested: Requested[] = [];
  for (const enrollment of enrollmentIds) {
    for (const s of sessions) {
      const change = userChange(input, enrollment, s.id);
      if (change) {
        requested.push({ enrollment, session: s.id, status: change.status, remark: change.remark, bulk: false });
        continue;
      }
      const bulk = (s.held && input.traineeAll[enrollment]) || input.sessionAll[s.id];
      if (bulk)
        requested.push({
          enrollment,
          session: s.id,
          status: bulk,
          remark: input.remarks[enrollment]?.[s.id]?.trim(),
          bulk: true,
        });
    }
  }
  return requested;
}

/**
 * Saves one submit of the grid: only what the user changed or chose in bulk is written, in one
 * bulk write. Refused as a whole, with each error on its cell: a mark for a session that has not
 * started yet, and an excused absence without its reason in the remark.
 */
export async function saveAttendance(
  actor: Actor,
  courseId: string,
  input: AttendanceInput,
  now = new Date(clock.now()),
): Promise<{ changed: number }> {
  return saveMarks(actor, await loadCourseFor(actor, courseId, 'attendance:record'), input, now);
}

/** saveAttendance on a course the caller has loaded and guarded (the grid, or one tap of the roll call). */
export async function saveMarks(
  actor: Actor,
  course: CourseDoc,
  input: AttendanceInput,
  now: Date,
): Promise<{ changed: number }> {
  if (course.status === 'completed') throw new FormError({ _form: 'attendance.errors.completed' });
  const sessions = sessionsAt(course, now);
  const held = new Set(sessions.filter((s) => s.held).map((s) => s.id));
  const enrollments = await Enrollment.find({ course: course._id, status: 'enrolled' }).lean();
  const before = await marksOf({ course: course._id });
  const requested = requestedCells(
    input,
    enrollments.map((e) => String(e._id)),
    sessions,
  );
  const errors: Record<string, string> = {};
  for (const s of sessions)
    if (!s.held && input.sessionAll[s.id]) errors[`allSession.${s.id}`] = 'attendance.errors.notHeldYet';
  for (const r of requested) {
    const remark = r.remark ?? before.get(r.enrollment)?.get(r.session)?.remark ?? '';
    if (!held.has(r.session)) {
      if (!r.bulk) errors[`cell.${r.enrollment}.${r.session}`] = 'attendance.errors.notHeldYet';
    } else if (r.status === 'excused' && !remark)
      errors[`cell.${r.enrollment}.${r.session}`] = 'attendance.errors.excusedReason';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
  const changes: { enrollment: string; session: string; from: string | null; to: string | null }[] = [];
  const writes: AnyBulkWriteOperation<AttendanceDoc>[] = [];
  const recordedAt = new Date(clock.now());
  for (const { enrollment: e, session: s, status, remark: posted } of requested) {
    const old = before.get(e)?.get(s);
    const remark = posted ?? old?.remark ?? '';
    const key = { enrollment: new Types.ObjectId(e), session: new Types.ObjectId(s) };
    if (!status) {
      if (!old) continue;
      writes.push({ deleteOne: { filter: key } });
      changes.push({ enrollment: e, session: s, from: old.status, to: null });
      continue;
    }
    if (old && old.status === status && old.remark === remark) continue;
    writes.push({
      updateOne: {
        filter: key,
        update: { $set: { status, remark, course: course._id, recordedBy: new Types.ObjectId(actor.id), recordedAt } },
        upsert: true,
      },
    });
    changes.push({ enrollment: e, session: s, from: old?.status ?? null, to: status });
  }
  const scored = enrollments.filter((e) => {
    const id = String(e._id);
    return scoreChange(input, id) && input.scores[id] !== (e.assessmentScore ?? null);
  });
  const touched = new Set(changes.map((c) => c.enrollment));
  // Marks and scores are announced together, so the copies of one save are refreshed once.
  const marked = {
    fact: 'attendance' as const,
    course: course._id,
    enrollments: enrollments.filter((e) => touched.has(String(e._id))),
    scores: scored.length > 0,
  };
  await writeAnnounced(marked, async () => {
    // One round trip for the whole grid rather than one per changed cell.
    if (writes.length) await Attendance.bulkWrite(writes, { ordered: false });
    for (const e of scored) {
      const score = input.scores[String(e._id)] ?? null;
      await Enrollment.updateOne(
        { _id: e._id },
        score === null ? { $unset: { assessmentScore: 1 } } : { $set: { assessmentScore: score } },
      );
      await recordAudit({
        actor,
        action: 'enrollment.assessment_score',
        target: { type: 'Enrollment', id: e._id },
        university: course.university,
        changed: { from: { score: e.assessmentScore }, to: { score } },
      });
    }
  });
  if (changes.length)
    await recordAudit({
      actor,
      action: 'attendance.record',
      target: { type: 'Course', id: course._id },
      university: course.university,
      meta: { changes },
    });
  return { changed: scored.length + changes.length };
}
