import crypto from 'node:crypto';
import QRCode from 'qrcode';
import { Attendance, type AttendanceStatus } from '../../../models/attendance';
import { Course, seoulTime, type CourseDoc, type CourseSession } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import type { Actor } from '../../auth/actor';
import { NotFoundError } from '../../errors';
import { clock } from '../../lib/clock';
import { wroteFirst } from '../../lib/duplicate-key';
import { objectIdOr404 } from '../../lib/ids';
import { rotatingCodes, type CodeCheck, type RotatingCodes } from '../../lib/rotating-code';
import { recordAudit } from '../audit/record';
import { loadCourseFor } from '../course-base/access';
import { writeAnnounced } from '../copies/changes';

/** Check-in opens this long before a session starts and closes when it ends. */
const checkInOpensMinutesBefore = 30;
/** The code on the staff screen changes this often; a code is accepted in its period and the next. */
const codePeriodMs = 30_000;
/** A trainee who scanned while signed out has this long to sign in and finish the check-in. */
export const scanPassMinutes = 15;
const minuteMs = 60_000;

/** The codes of every session, signed with a key derived from the session secret (the same on every instance). */
export function checkInCodes(sessionSecret: string): RotatingCodes {
  return rotatingCodes(sessionSecret, 'check-in code', codePeriodMs);
}

export interface CheckInWindow {
  opensAt: Date;
  startsAt: Date;
  closesAt: Date;
}

export function checkInWindow(session: { date: string; start: string; end: string }): CheckInWindow {
  const startsAt = seoulTime(session.date, session.start);
  return {
    opensAt: new Date(startsAt.getTime() - checkInOpensMinutesBefore * minuteMs),
    startsAt,
    closesAt: seoulTime(session.date, session.end),
  };
}

export type WindowPhase = 'notYet' | 'open' | 'over';

function phaseAt(window: CheckInWindow, at: Date): WindowPhase {
  if (at < window.opensAt) return 'notYet';
  return at <= window.closesAt ? 'open' : 'over';
}

/** Present up to the course's grace period after the start, late after it. */
export function arrivalStatus(startsAt: Date, graceMinutes: number, at: Date): 'present' | 'late' {
  return at.getTime() > startsAt.getTime() + graceMinutes * minuteMs ? 'late' : 'present';
}

/** Courses whose sessions are still being held: attendance of a completed course no longer changes. */
const running = ['published', 'closed'];

function sessionOf(course: CourseDoc, sessionId: string): CourseSession {
  const session = course.sessions.find((s) => String(s._id) === sessionId);
  if (!session) throw new NotFoundError();
  return session;
}

const subject = (courseId: string, sessionId: string) => `${courseId}.${sessionId}`;

/** What the staff screen shows for one session: the current code as a QR image, while check-in is open. */
export async function checkInScreen(
  actor: Actor,
  courseId: string,
  sessionId: string,
  codes: RotatingCodes,
  baseUrl: string,
  now = new Date(clock.now()),
) {
  const course = await loadCourseFor(actor, courseId, 'attendance:record');
  const session = sessionOf(course, sessionId);
  const window = checkInWindow(session);
  const phase = running.includes(course.status) ? phaseAt(window, now) : 'over';
  const url =
    phase === 'open'
      ? `${baseUrl}/check-in/${String(course._id)}/${sessionId}?t=${codes.codeFor(subject(String(course._id), sessionId), now.getTime())}`
      : undefined;
  return {
    course,
    session,
    window,
    phase,
    url,
    // Drawn by the server as SVG: the page needs no script and no image request.
    qrSvg: url ? await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : undefined,
    opensMinutesBefore: checkInOpensMinutesBefore,
    periodSeconds: codes.periodMs / 1000,
    // Twice a period, so the code on screen is always one a phone can still use.
    refreshSeconds: Math.round(codes.periodMs / 2000),
  };
}

/** Whether a scanned code is one the staff screen showed for this session within the last period. */
export function checkScannedCode(
  codes: RotatingCodes,
  courseId: string,
  sessionId: string,
  code: unknown,
  at = clock.now(),
): CodeCheck {
  if (typeof code !== 'string' || !/^[0-9a-f]{24}$/i.test(courseId) || !/^[0-9a-f]{24}$/i.test(sessionId))
    return 'invalid';
  return codes.check(subject(courseId, sessionId), code, at);
}

/**
 * What a signed-out trainee carries (in a signed cookie) through the login page: which session
 * they scanned and when, so the check-in counts the time they were in the room.
 */
export interface ScanPass {
  courseId: string;
  sessionId: string;
  scannedAt: number;
}

/** The key cookie-parser signs the pass cookie with: derived from the session secret, distinct from every other key. */
export function scanPassSecret(sessionSecret: string): string {
  return Buffer.from(crypto.hkdfSync('sha256', sessionSecret, '', 'battery-talent-hub check-in pass', 32)).toString(
    'base64url',
  );
}

export function scanPassValue(pass: ScanPass): string {
  return `${pass.courseId}.${pass.sessionId}.${pass.scannedAt}`;
}

/** The pass in a (signature-checked) cookie value, while it is fresh; undefined otherwise. */
export function readScanPass(value: unknown, now = clock.now()): ScanPass | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([0-9a-f]{24})\.([0-9a-f]{24})\.(\d{1,15})$/.exec(value);
  if (!match) return undefined;
  const scannedAt = Number(match[3]);
  if (scannedAt > now || now - scannedAt > scanPassMinutes * minuteMs) return undefined;
  return { courseId: match[1]!, sessionId: match[2]!, scannedAt };
}

export type CheckInRefusal = 'notEnrolled' | 'notYet' | 'over';

export type CheckInResult = {
  course: CourseDoc;
  session: CourseSession;
  window: CheckInWindow;
} & ({ ok: true; outcome: 'recorded' | 'already'; status: AttendanceStatus } | { ok: false; reason: CheckInRefusal });

/**
 * A trainee's self check-in at `at` (when they scanned the code). Only for a trainee enrolled in
 * the course, only within the session's window, and at most once: the mark is inserted under the
 * unique (enrollment, session) index, so a second scan, a simultaneous one or a mark staff already
 * set (whatever it says) is left as it is and reported as already recorded.
 */
export async function checkIn(actor: Actor, courseId: string, sessionId: string, at: Date): Promise<CheckInResult> {
  const course = await Course.findById(objectIdOr404(courseId)).lean<CourseDoc>();
  if (!course) throw new NotFoundError();
  const session = sessionOf(course, sessionId);
  const window = checkInWindow(session);
  const base = { course, session, window };
  const enrollment = await Enrollment.findOne({ course: course._id, trainee: objectIdOr404(actor.id) }).lean();
  if (!enrollment || enrollment.status !== 'enrolled') return { ...base, ok: false, reason: 'notEnrolled' };
  const phase = running.includes(course.status) ? phaseAt(window, at) : 'over';
  if (phase !== 'open') return { ...base, ok: false, reason: phase };
  const recorded = () => Attendance.findOne({ enrollment: enrollment._id, session: session._id }).lean();
  const existing = await recorded();
  if (existing) return { ...base, ok: true, outcome: 'already', status: existing.status as AttendanceStatus };
  const status = arrivalStatus(window.startsAt, course.checkInGraceMinutes ?? 10, at);
  const mark = {
    enrollment: enrollment._id,
    course: course._id,
    session: session._id,
    status,
    recordedBy: actor.id,
    recordedAt: at,
  };
  const first = await writeAnnounced({ fact: 'attendance', course: course._id, enrollments: [enrollment] }, () =>
    wroteFirst(Attendance.create(mark)),
  );
  if (!first) {
    // Another scan or a staff mark got there first: theirs stands.
    const winner = await recorded();
    return { ...base, ok: true, outcome: 'already', status: (winner?.status ?? status) as AttendanceStatus };
  }
  await recordAudit({
    actor,
    action: 'attendance.check_in',
    target: { type: 'Enrollment', id: enrollment._id },
    university: course.university,
    after: { status },
    meta: { course: course._id, session: session._id, date: session.date, scannedAt: at },
  });
  return { ...base, ok: true, outcome: 'recorded', status };
}
