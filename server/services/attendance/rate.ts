import type { AttendanceStatus } from '../../../models/attendance';

/**
 * The counting rule (per course, shown on the attendance page):
 * - present, late and left early are attended days;
 * - every `latesPerAbsence` lates or early leaves together count as one absence
 *   (3 by default, the national vocational-training practice; 0 = never);
 * - excused counts as attended when `excusedCountsAsAttended` (the default), else as absent;
 * - absent, and at completion any session without a mark, is not attended.
 * Rate = attended days / sessions. Completion needs rate ≥ minimum and, when an
 * assessment is required, a score ≥ the pass score.
 */
export interface CountingRule {
  minAttendanceRate: number;
  assessmentRequired: boolean;
  passScore: number;
  latesPerAbsence: number;
  excusedCountsAsAttended: boolean;
}

export const defaultRule: CountingRule = {
  minAttendanceRate: 0.8,
  assessmentRequired: false,
  passScore: 60,
  latesPerAbsence: 3,
  excusedCountsAsAttended: true,
};

/** Tolerance for comparing rates computed with floating point (8/10 vs 0.8). */
const EPSILON = 1e-9;

export function ruleOf(rule: Partial<CountingRule> | null | undefined): CountingRule {
  const r = { ...defaultRule };
  for (const key of Object.keys(defaultRule) as (keyof CountingRule)[]) {
    const v = rule?.[key];
    if (v !== undefined && v !== null) (r as Record<string, unknown>)[key] = v;
  }
  return r;
}

/** Attended days among the given marks, after converting lates/early leaves into absences. */
export function attendedDays(marks: readonly AttendanceStatus[], rule: CountingRule): number {
  let attended = 0;
  let lateOrEarly = 0;
  for (const m of marks) {
    if (m === 'present') attended++;
    else if (m === 'late' || m === 'left_early') {
      attended++;
      lateOrEarly++;
    } else if (m === 'excused' && rule.excusedCountsAsAttended) attended++;
  }
  const penalty = rule.latesPerAbsence > 0 ? Math.floor(lateOrEarly / rule.latesPerAbsence) : 0;
  return Math.max(0, attended - penalty);
}

export interface RateSummary {
  totalSessions: number;
  recordedSessions: number;
  /** Attended days over recorded sessions; null before anything is recorded. */
  rateNow: number | null;
  /** Attended days over all sessions: the rate completion is decided on. */
  finalRate: number;
  /** The rate if every session still without a mark is attended (lates already converted stay converted). */
  bestReachable: number;
  belowMinimum: boolean;
  cannotReach: boolean;
  /**
   * The rate as completion will count it: attended days over the recorded sessions and those that
   * ended without a mark (each an absence at completion); null while none counts yet. Once every
   * session has ended this is the completion's own `attendanceRate` (decideCompletion calls this).
   */
  countedRate: number | null;
  /** The best rate still reachable when sessions that ended without a mark stay absences. */
  countedBest: number;
  countedBelow: boolean;
  countedCannotReach: boolean;
}

/**
 * `marks` are the recorded cells of one trainee; sessions without a mark are still to come or,
 * `unrecordedPast` of them, ended without one.
 */
export function summarizeAttendance(
  marks: readonly AttendanceStatus[],
  totalSessions: number,
  rule: CountingRule,
  unrecordedPast = 0,
): RateSummary {
  const attended = attendedDays(marks, rule);
  const recorded = marks.length;
  const unrecorded = Math.max(0, totalSessions - recorded);
  const missed = Math.min(unrecordedPast, unrecorded);
  const rateNow = recorded > 0 ? attended / recorded : null;
  const finalRate = totalSessions > 0 ? attended / totalSessions : 0;
  const bestReachable = totalSessions > 0 ? (attended + unrecorded) / totalSessions : 0;
  const countedRate = recorded + missed > 0 ? attended / (recorded + missed) : null;
  const countedBest = totalSessions > 0 ? (attended + unrecorded - missed) / totalSessions : 0;
  return {
    totalSessions,
    recordedSessions: recorded,
    rateNow,
    finalRate,
    bestReachable,
    belowMinimum: rateNow !== null && !meetsRate(rateNow, rule),
    cannotReach: !meetsRate(bestReachable, rule),
    countedRate,
    countedBest,
    countedBelow: countedRate !== null && !meetsRate(countedRate, rule),
    countedCannotReach: !meetsRate(countedBest, rule),
  };
}

export function meetsRate(rate: number, rule: CountingRule): boolean {
  return rate + EPSILON >= rule.minAttendanceRate;
}

export type Outcome = 'completed' | 'not_completed';

export interface RuleDecision {
  outcome: Outcome;
  attendanceRate: number;
  attendanceMet: boolean;
  /** null when no assessment is required. */
  assessmentMet: boolean | null;
}

/** What the rule says for one trainee at completion. A missing score fails a required assessment. */
export function decideCompletion(
  marks: readonly AttendanceStatus[],
  totalSessions: number,
  score: number | null | undefined,
  rule: CountingRule,
): RuleDecision {
  // At completion every session without a mark is an absence: the count /me shows once all have ended.
  const attendanceRate = summarizeAttendance(marks, totalSessions, rule, totalSessions).countedRate ?? 0;
  const attendanceMet = meetsRate(attendanceRate, rule);
  const assessmentMet = rule.assessmentRequired ? typeof score === 'number' && score >= rule.passScore : null;
  const outcome: Outcome = attendanceMet && assessmentMet !== false ? 'completed' : 'not_completed';
  return { outcome, attendanceRate, attendanceMet, assessmentMet };
}
