import type { Types } from 'mongoose';
import { flatten, type Bilingual } from '../../lib/bilingual';
import type { RuleDecision } from '../attendance/rate';
import type { KeyedNotice } from '../notifications/notices';

/** One trainee's committed completion decision, as the notice explains it. */
export interface TellDecision {
  enrollment: { _id: Types.ObjectId; trainee: Types.ObjectId };
  /** The enrollment's step that decided it (its history event's number): the notice is keyed by it. */
  seq: number;
  row: RuleDecision & { score: number | null };
  outcome: 'completed' | 'not_completed';
  overridden: boolean;
  reason?: string;
}

export interface TellCourse {
  _id: Types.ObjectId;
  title: Bilingual;
  sessions: readonly unknown[];
  completionRule: { minAttendanceRate: number; passScore: number };
}

/** Why a trainee did not complete, as the `notifications.notCompleted_<context>` text says it. */
function whyNot(d: TellDecision): string {
  if (d.overridden) return 'override';
  const attendance = !d.row.attendanceMet;
  const assessment = d.row.assessmentMet === false;
  if (attendance && assessment) return 'both';
  if (attendance) return 'attendance';
  return d.row.score === null ? 'assessmentMissing' : 'assessment';
}

const percent = (rate: number) => String(Math.round(rate * 1000) / 10);

/**
 * The notices a committed completion sends (DESIGN.md rule 4, issue 21 item 2): each completer is
 * told with the certificate's number and link; each trainee who did not complete is told why —
 * attendance x of y against the minimum, the assessment against the pass score, or the staff's
 * reason when they overruled the rule. Keyed by the enrollment's completion step, so committing
 * again after a crash tells nobody twice.
 */
export function completionNotices(
  course: TellCourse,
  decisions: readonly TellDecision[],
  certificates: ReadonlyMap<string, string>,
): KeyedNotice[] {
  const total = course.sessions.length;
  const title = flatten('title', course.title);
  return decisions.map((d) => {
    const key = `completion:${String(d.enrollment._id)}:${d.seq}`;
    const number = certificates.get(String(d.enrollment._id));
    if (d.outcome === 'completed')
      return {
        key,
        user: d.enrollment.trainee,
        kind: 'completed',
        params: { ...title, number: number ?? '' },
        link: number ? `/certificates/${encodeURIComponent(number)}` : `/me/transcript`,
      };
    return {
      key,
      user: d.enrollment.trainee,
      kind: 'notCompleted',
      params: {
        ...title,
        context: whyNot(d),
        attended: String(Math.round(d.row.attendanceRate * total * 10) / 10),
        sessions: String(total),
        rate: percent(d.row.attendanceRate),
        minimum: percent(course.completionRule.minAttendanceRate),
        score: d.row.score === null ? '' : String(d.row.score),
        passScore: String(course.completionRule.passScore),
        reason: d.reason ?? '',
      },
      link: `/courses/${String(course._id)}`,
    };
  });
}
