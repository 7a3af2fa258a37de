import { Attendance, type AttendanceStatus } from '../../../models/attendance';
import type { CourseDoc } from '../../../models/course';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { clock } from '../../lib/clock';
import { loadCourseFor } from '../course-base/access';
import { rosterTrainees } from '../copies/roster-trainees';
import { checkInWindow } from './check-in';
import { attendanceInput, gridEnrollments, saveMarks, sessionsAt } from './grid';

/** The three taps of the roll call; excused (with its reason) and left early are set in the grid. */
export const rollCallStatuses = ['present', 'late', 'absent'] as const;
export type RollCallStatus = (typeof rollCallStatuses)[number];

/** One tap: the trainee's new status, and the status the page showed when it was loaded. */
export interface RollCallTap {
  enrollmentId: string;
  status: RollCallStatus;
  shown: AttendanceStatus | '';
}

export interface RollCallRow {
  enrollmentId: string;
  name: string;
  status: AttendanceStatus | '';
  /** The trainee recorded it themselves with the session's QR code. */
  selfCheckIn: boolean;
  error?: string;
}

type HeldSession = ReturnType<typeof sessionsAt>[number];

/** The session whose check-in window is open now, else the last one that has started, else the first. */
function indexToCall(sessions: readonly HeldSession[], now: Date): number {
  const open = sessions.findIndex((s) => {
    const window = checkInWindow(s);
    return window.opensAt <= now && now <= window.closesAt;
  });
  if (open >= 0) return open;
  return Math.max(
    0,
    sessions.findLastIndex((s) => s.held),
  );
}

/** The named session (or, unnamed, the one to call now) with its neighbours; 404 when there is none. */
function sessionsOf(course: CourseDoc, sessionId: string | undefined, now: Date) {
  const sessions = sessionsAt(course, now);
  const index = sessionId === undefined ? indexToCall(sessions, now) : sessions.findIndex((s) => s.id === sessionId);
  if (!sessions[index]) throw new NotFoundError();
  return { session: sessions[index]!, previous: sessions[index - 1], next: sessions[index + 1] };
}

/**
 * The roll call of one session (without `sessionId`, the one under way or the last one that
 * started), for a phone: the course's trainees with this session's mark.
 * Reads the course by _id, its enrollments by course and this session's marks by course and
 * session and the names by course (equalities the engine serves from its indexes).
 * `errors` (from a refused tap) are keyed like the grid's, `cell.<enrollment>.<session>`.
 */
export async function getRollCall(
  actor: Actor,
  courseId: string,
  sessionId: string | undefined,
  errors: Record<string, string> = {},
  now = new Date(clock.now()),
) {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  const { session, previous, next } = sessionsOf(course, sessionId, now);
  const [enrollments, marks] = await Promise.all([
    gridEnrollments(course._id),
    Attendance.find({ course: course._id, session: session.id }).lean(),
  ]);
  const trainees = await rosterTrainees(course._id, enrollments);
  const byEnrollment = new Map(marks.map((m) => [String(m.enrollment), m]));
  const rows = enrollments
    .map((e): RollCallRow => {
      const mark = byEnrollment.get(String(e._id));
      return {
        enrollmentId: String(e._id),
        name: trainees.get(String(e._id))?.name ?? '',
        status: (mark?.status as AttendanceStatus | undefined) ?? '',
        selfCheckIn: !!mark && String(mark.recordedBy) === String(e.trainee),
        error: errors[`cell.${String(e._id)}.${session.id}`],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'ko'));
  return {
    course,
    session,
    previous,
    next,
    editable: session.held && course.status !== 'completed',
    rows,
    unmarked: rows.filter((r) => !r.status).length,
    statuses: rollCallStatuses,
  };
}

/**
 * One tap of the roll call, saved as the grid saves a changed cell (saveMarks): refused for a
 * session that has not started or a completed course, audited, and written only when the tap
 * differs from what the page showed, so a stale page never undoes a colleague's mark by accident.
 */
export async function tapRollCall(
  actor: Actor,
  courseId: string,
  sessionId: string,
  tap: RollCallTap,
  now = new Date(clock.now()),
): Promise<{ changed: number }> {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  sessionsOf(course, sessionId, now);
  return saveMarks(
    actor,
    course,
    attendanceInput({
      cells: { [tap.enrollmentId]: { [sessionId]: tap.status } },
      shown: { [tap.enrollmentId]: { [sessionId]: tap.shown } },
    }),
    now,
  );
}
