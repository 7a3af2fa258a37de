import assert from 'node:assert/strict';
import type { AttendanceStatus } from '../../../models/attendance';
import { attendedDays, decideCompletion, ruleOf, summarizeAttendance } from '../../../server/services/attendance/rate';

const marks = (spec: Partial<Record<AttendanceStatus, number>>): AttendanceStatus[] =>
  Object.entries(spec).flatMap(([status, n]) => Array<AttendanceStatus>(n ?? 0).fill(status as AttendanceStatus));

describe('attendance rate and the completion rule', () => {
  const rule = ruleOf({});

  it('completes exactly at the minimum rate and not just under it', () => {
    assert.equal(decideCompletion(marks({ present: 8, absent: 2 }), 10, null, rule).outcome, 'completed');
    assert.equal(decideCompletion(marks({ present: 7, absent: 3 }), 10, null, rule).outcome, 'not_completed');
    // 4/5 = 0.8 in floating point too; 0.7 minimum with 7/10.
    assert.equal(decideCompletion(marks({ present: 4, absent: 1 }), 5, null, rule).outcome, 'completed');
    assert.equal(
      decideCompletion(marks({ present: 7, absent: 3 }), 10, null, ruleOf({ minAttendanceRate: 0.7 })).outcome,
      'completed',
    );
  });

  it('counts sessions without a mark as not attended at completion', () => {
    const d = decideCompletion(marks({ present: 8 }), 10, null, rule);
    assert.equal(d.attendanceRate, 0.8);
    assert.equal(decideCompletion(marks({ present: 7 }), 10, null, rule).outcome, 'not_completed');
  });

  it('converts every three lates or early leaves into one absence', () => {
    assert.equal(attendedDays(marks({ present: 8, late: 2 }), rule), 10);
    assert.equal(attendedDays(marks({ present: 7, late: 2, left_early: 1 }), rule), 9);
    assert.equal(attendedDays(marks({ present: 4, late: 6 }), rule), 8);
    assert.equal(
      decideCompletion(marks({ present: 6, late: 2, left_early: 1, absent: 1 }), 10, null, rule).outcome,
      'completed',
    );
    assert.equal(decideCompletion(marks({ present: 5, late: 3, absent: 2 }), 10, null, rule).outcome, 'not_completed');
  });

  it('follows the course setting for lates per absence (0 = never)', () => {
    assert.equal(attendedDays(marks({ late: 6 }), ruleOf({ latesPerAbsence: 0 })), 6);
    assert.equal(attendedDays(marks({ late: 6 }), ruleOf({ latesPerAbsence: 2 })), 3);
  });

  it('counts excused as attended by default and as absent when the course says so', () => {
    assert.equal(decideCompletion(marks({ present: 6, excused: 2, absent: 2 }), 10, null, rule).outcome, 'completed');
    const strict = ruleOf({ excusedCountsAsAttended: false });
    assert.equal(
      decideCompletion(marks({ present: 6, excused: 2, absent: 2 }), 10, null, strict).outcome,
      'not_completed',
    );
    assert.equal(decideCompletion(marks({ present: 8, excused: 2 }), 10, null, strict).outcome, 'completed');
  });

  it('passes the assessment exactly at the pass score and fails just under or without a score', () => {
    const assessed = ruleOf({ assessmentRequired: true, passScore: 70 });
    const full = marks({ present: 10 });
    assert.equal(decideCompletion(full, 10, 70, assessed).outcome, 'completed');
    assert.equal(decideCompletion(full, 10, 69.9, assessed).outcome, 'not_completed');
    assert.equal(decideCompletion(full, 10, null, assessed).outcome, 'not_completed');
    assert.equal(decideCompletion(full, 10, 0, ruleOf({ passScore: 70 })).assessmentMet, null);
  });

  it('counts sessions that ended without a mark as absences, so /me agrees with completion once all have ended', () => {
    // Two present, one ended without a mark, of three: completion says 2/3, and so must /me.
    const mine = summarizeAttendance(marks({ present: 2 }), 3, rule, 1);
    assert.equal(mine.countedRate, decideCompletion(marks({ present: 2 }), 3, null, rule).attendanceRate);
    assert.equal(Math.round(mine.countedRate! * 1000), 667);
    assert.deepEqual([mine.rateNow, mine.bestReachable], [1, 1], 'what /me used to show');
    assert.deepEqual([mine.countedBest, mine.countedBelow, mine.countedCannotReach], [2 / 3, true, true]);
    // Mid-course: one ended without a mark, five still ahead.
    const running = summarizeAttendance(marks({ present: 4 }), 10, rule, 1);
    assert.deepEqual([running.countedRate, running.countedBest, running.countedCannotReach], [0.8, 0.9, false]);
    // Generated: whenever every session has ended, the two agree exactly.
    for (let total = 1; total <= 12; total++)
      for (let present = 0; present <= total; present++)
        for (let late = 0; present + late <= total; late++) {
          const recorded = marks({ present, late });
          assert.equal(
            summarizeAttendance(recorded, total, rule, total - recorded.length).countedRate,
            decideCompletion(recorded, total, null, rule).attendanceRate,
          );
        }
  });

  it('warns when a trainee is below the minimum now, and when they can no longer reach it', () => {
    const onTrack = summarizeAttendance(marks({ present: 3 }), 10, rule);
    assert.deepEqual(
      [onTrack.rateNow, onTrack.bestReachable, onTrack.belowMinimum, onTrack.cannotReach],
      [1, 1, false, false],
    );
    const behind = summarizeAttendance(marks({ present: 2, absent: 1 }), 10, rule);
    assert.equal(behind.belowMinimum, true);
    assert.equal(behind.cannotReach, false);
    assert.equal(behind.bestReachable, 0.9);
    const lost = summarizeAttendance(marks({ present: 1, absent: 3 }), 10, rule);
    assert.equal(lost.cannotReach, true);
    const edge = summarizeAttendance(marks({ present: 1, absent: 2 }), 10, rule);
    assert.equal(edge.bestReachable, 0.8);
    assert.equal(edge.cannotReach, false);
    assert.equal(summarizeAttendance([], 10, rule).rateNow, null);
  });
});
