import type { Types } from 'mongoose';
import { Attendance, type AttendanceStatus } from '../../../models/attendance';
import { bySessionStart, Course, seoulTime } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Certificate } from '../../../models/certificate';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { FormError, NotFoundError } from '../../errors';
import { endedSessionIds } from '../attendance/grid';
import { decideCompletion, ruleOf, type Outcome, type RuleDecision } from '../attendance/rate';
import { recordAudit } from '../audit/record';
import { issueCertificate } from '../certificates/issue';
import { loadCourseFor } from '../course-base/access';
import { endApplications } from '../enrollment/end';
import { clock } from '../../lib/clock';
import { crashPoint } from '../../lib/crash-point';
import { transitionMany } from '../enrollment/history';
import { findByIds, idsOf } from '../../lib/find-by-ids';
import { announceAhead, announceRecorded, markOf } from '../copies/changes';
import { notifyKeyed } from '../notifications/notices';
import { scheduleFollowUps } from './follow-up';
import { completionNotices, type TellDecision } from './tell';

/** Course statuses from which completion may be decided. */
const completable = ['published', 'closed'];

export interface PreviewRow extends RuleDecision {
  enrollmentId: string;
  name: string;
  score: number | null;
  /** Sessions that have ended without a mark for this trainee; the rule counts them as absences. */
  unrecorded: number;
}

/** A staff decision that differs from the rule; the reason is required and audited. */
export interface Override {
  outcome: Outcome;
  reason: string;
}

async function evaluate(courseId: string, actor: Actor) {
  const course = await loadCourseFor(actor, courseId, 'course:complete');
  const rule = ruleOf(course.completionRule);
  const sessionIds = new Set(course.sessions.map((s) => String(s._id)));
  const ended = endedSessionIds(course, new Date(clock.now()));
  const enrollments = await Enrollment.find({ course: course._id, status: 'enrolled' }).lean();
  const [marks, byUser] = await Promise.all([
    Attendance.find({ course: course._id }).lean(),
    findByIds(User, idsOf(enrollments, 'trainee')),
  ]);
  const rows = enrollments
    .map((e) => {
      const ownMarks = marks.filter((m) => String(m.enrollment) === String(e._id) && sessionIds.has(String(m.session)));
      const own = ownMarks.map((m) => m.status as AttendanceStatus);
      const marked = new Set(ownMarks.map((m) => String(m.session)));
      const score = e.assessmentScore ?? null;
      return {
        enrollment: e,
        trainee: byUser.get(String(e.trainee)),
        row: {
          enrollmentId: String(e._id),
          name: byUser.get(String(e.trainee))?.name ?? '',
          score,
          unrecorded: ended.filter((s) => !marked.has(s)).length,
          ...decideCompletion(own, sessionIds.size, score, rule),
        },
      };
    })
    .sort((a, b) => a.row.name.localeCompare(b.row.name, 'ko'));
  return { course, rule, rows };
}

/** What the rule says for every enrolled trainee, for review before anything is written. */
export async function previewCompletion(actor: Actor, courseId: string) {
  const { course, rule, rows } = await evaluate(courseId, actor);
  const last = [...course.sessions]
    .map((x) => x.date)
    .sort()
    .at(-1);
  const started = !last || seoulTime(last) <= new Date();
  return {
    course,
    rule,
    rows: rows.map((r) => r.row),
    /** How many trainees have sessions without a mark: staff should record them before committing. */
    unrecordedTrainees: rows.filter((r) => r.row.unrecorded > 0).length,
    canComplete: completable.includes(course.status) && started,
    notEnded: !started,
  };
}

type Evaluated = Awaited<ReturnType<typeof evaluate>>;

/** Refuses a commit the rules do not allow yet: the course's status, its last session, a changed decision without a reason. */
function refuseCommit({ course, rows }: Evaluated, overrides: Record<string, Override>): void {
  if (!completable.includes(course.status) && course.status !== 'completed')
    throw new FormError({ _form: 'completion.errors.notCompletable' });
  // Completion is decided on the whole course: not before its last session has begun.
  const lastStart = [...course.sessions].sort(bySessionStart).at(-1);
  if (lastStart && seoulTime(lastStart.date, lastStart.start) > new Date())
    throw new FormError({ _form: 'completion.errors.notEnded' });
  const errors: Record<string, string> = {};
  for (const { row } of rows) {
    const o = overrides[row.enrollmentId];
    if (o && o.outcome !== row.outcome && !o.reason.trim())
      errors[`reason.${row.enrollmentId}`] = 'completion.errors.reasonRequired';
  }
  if (Object.keys(errors).length) throw new FormError(errors);
}

/** Each trainee's outcome with the staff's decisions applied, and the reason where they overrule the rule. */
function outcomes(rows: Evaluated['rows'], overrides: Record<string, Override>) {
  return rows.map((r) => {
    const o = overrides[r.row.enrollmentId];
    const overridden = !!o && o.outcome !== r.row.outcome;
    return {
      ...r,
      overridden,
      outcome: overridden ? o.outcome : r.row.outcome,
      reason: overridden ? o.reason.trim() : undefined,
    };
  });
}

/**
 * What committing would do, checked by the same rules as the commit and writing nothing, for
 * the page that asks staff to confirm it: who completes (and gets a certificate), who does not,
 * where staff overrule the rule, and how many applications still waiting would end.
 */
export async function completionPlan(actor: Actor, courseId: string, overrides: Record<string, Override>) {
  const evaluated = await evaluate(courseId, actor);
  refuseCommit(evaluated, overrides);
  const decided = outcomes(evaluated.rows, overrides).map((r) => ({
    name: r.row.name,
    outcome: r.outcome,
    overridden: r.overridden,
    reason: r.reason,
  }));
  const waiting = (await Enrollment.find({ course: evaluated.course._id }, { status: 1 }).lean()).filter(
    (e) => e.status === 'pending' || e.status === 'waitlisted',
  ).length;
  return { course: evaluated.course, decided, waiting };
}

/**
 * Issues the certificate of every completed enrollment of the course that has none: those this
 * commit completed, and any that a commit which stopped between a status and its certificate left
 * without one (so committing again finishes it). Returns how many were issued.
 */
async function issueMissingCertificates(
  actor: Actor,
  course: Parameters<typeof issueCertificate>[1]['course'],
  university: Parameters<typeof issueCertificate>[1]['university'],
  issuedAt: Date,
): Promise<number> {
  const [completed, issued] = await Promise.all([
    Enrollment.find({ course: course._id, status: 'completed' }, { trainee: 1 }).lean(),
    Certificate.find({ course: course._id }, { enrollment: 1 }).lean(),
  ]);
  const has = new Set(issued.map((c) => String(c.enrollment)));
  const missing = completed.filter((e) => !has.has(String(e._id)));
  const trainees = await findByIds(User, idsOf(missing, 'trainee'), { name: 1 });
  let count = 0;
  for (const e of missing) {
    const trainee = trainees.get(String(e.trainee));
    if (!trainee) continue;
    await issueCertificate(actor, { enrollmentId: String(e._id), course, trainee, university, issuedAt });
    count++;
  }
  return count;
}

/** The course's certificate numbers by enrollment, for the completers' notices. */
async function certificateNumbers(course: Types.ObjectId): Promise<Map<string, string>> {
  const issued = await Certificate.find({ course }, { enrollment: 1, number: 1 }).lean();
  return new Map(issued.map((c) => [String(c.enrollment), c.number]));
}

/**
 * Commits the completion: every enrolled trainee becomes completed or not_completed
 * (an EnrollmentEvent with seq+1 claims the transition, so a second or concurrent
 * "complete" skips it), completed trainees get their certificate, the course is completed,
 * and its waitlisted and still unapproved applications end (`lapsed`). Each decided trainee is
 * told (completion/tell.ts): a completer with the certificate's link, anyone else why not.
 */
export async function commitCompletion(actor: Actor, courseId: string, overrides: Record<string, Override>) {
  const evaluated = await evaluate(courseId, actor);
  refuseCommit(evaluated, overrides);
  const { course } = evaluated;
  const university = await University.findById(course.university).lean();
  if (!university) throw new NotFoundError();
  const now = new Date();
  let decided = 0;
  const decisions = outcomes(evaluated.rows, overrides);
  // Statuses and the course's own status change its copies: recorded ahead, announced once at the end.
  const change = markOf({ fact: 'enrollments', course: course._id });
  await announceAhead(change);
  // A second or concurrent "complete" finds each step claimed and leaves that enrollment as it is.
  const claimed = await transitionMany(
    decisions.map(({ enrollment, row, outcome, reason }) => ({
      enrollment: { ...enrollment, course: course._id, status: 'enrolled' as const },
      to: outcome,
      options: {
        by: actor.id,
        reason,
        set: {
          completion: {
            decidedAt: now,
            decidedBy: actor.id,
            ruleOutcome: row.outcome,
            attendanceRate: row.attendanceRate,
            overrideReason: reason,
          },
        },
      },
    })),
  );
  crashPoint('complete.statuses-written');
  const completions: { enrollment: Types.ObjectId; trainee: Types.ObjectId }[] = [];
  const told: TellDecision[] = [];
  for (const [i, { enrollment, row, overridden, outcome, reason }] of decisions.entries()) {
    if (!claimed[i]) continue;
    told.push({ enrollment, seq: (enrollment.seq ?? 0) + 1, row, outcome, overridden, reason });
    await recordAudit({
      actor,
      action: overridden ? 'enrollment.completion_override' : 'enrollment.completion',
      target: { type: 'Enrollment', id: enrollment._id },
      university: course.university,
      before: { status: 'enrolled' },
      after: { status: outcome },
      meta: { ruleOutcome: row.outcome, attendanceRate: row.attendanceRate, score: row.score, reason },
    });
    decided++;
    if (outcome === 'completed') completions.push({ enrollment: enrollment._id, trainee: enrollment.trainee });
  }
  const certificates = await issueMissingCertificates(actor, course, university, now);
  crashPoint('complete.certificates-written');
  await notifyKeyed(completionNotices(course, told, await certificateNumbers(course._id)));
  await scheduleFollowUps(completions, now);
  if (course.status !== 'completed') {
    await Course.updateOne({ _id: course._id }, { $set: { status: 'completed', completedAt: now } });
    await recordAudit({
      actor,
      action: 'course.complete',
      target: { type: 'Course', id: course._id },
      university: course.university,
      before: { status: course.status },
      after: { status: 'completed' },
      meta: { decided },
    });
  }
  // The course seats nobody any more: who still waits for a seat or an approval is told it has ended.
  await endApplications(actor, course, {
    from: ['pending', 'waitlisted'],
    to: 'lapsed',
    reason: 'course_completed',
    action: 'enrollment.lapse',
    notice: 'applicationLapsed',
  });
  await announceRecorded(change);
  return { decided, certificates };
}
