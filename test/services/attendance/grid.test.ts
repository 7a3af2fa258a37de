import assert from 'node:assert/strict';
import {
  attendanceInput,
  getAttendanceGrid,
  riskOf,
  saveAttendance,
  traineeRisk,
} from '../../../server/services/attendance/grid';
import { marksOf } from '../../../server/services/copies/attendance-sheets';
import { courseRosterEntries } from '../../../server/services/copies/course-roster';
import { useTestApp } from '../../support/app';
import { useClock } from '../../support/clock';
import { seoulInstant } from '../../../server/lib/calendar';
import { actorOf, dayFromNow, days, make } from '../../support/factories';

/** The at-risk figures of the course's roster entries, by trainee id. */
async function risksByTrainee(course: Awaited<ReturnType<typeof make.course>>, now?: Date) {
  const risks = riskOf(course, await courseRosterEntries(course._id), now);
  return new Map([...risks.values()].map((r) => [r.traineeId, r]));
}

describe('at-risk figures per course and per trainee', () => {
  useTestApp();

  it('flags trainees below the minimum now and those who can no longer reach it', async () => {
    const course = await make.course({ days: days('2026-09-01', 10) });
    const [fine, behind, lost] = [await make.trainee(), await make.trainee(), await make.trainee()];
    const eFine = await make.enrollment(course, fine);
    const eBehind = await make.enrollment(course, behind);
    const eLost = await make.enrollment(course, lost);
    await make.marks(course, eFine, ['present', 'present', 'late', 'present']);
    await make.marks(course, eBehind, ['present', 'absent', 'present', 'present']);
    await make.marks(course, eLost, ['absent', 'absent', 'absent', 'present']);
    const rows = await risksByTrainee(course);
    assert.deepEqual(
      [rows.get(String(fine._id))?.belowMinimum, rows.get(String(fine._id))?.cannotReach],
      [false, false],
    );
    assert.deepEqual(
      [
        rows.get(String(behind._id))?.rateNow,
        rows.get(String(behind._id))?.bestReachable,
        rows.get(String(behind._id))?.belowMinimum,
      ],
      [0.75, 0.9, true],
    );
    assert.equal(rows.get(String(lost._id))?.cannotReach, true);
    const mine = await traineeRisk([eLost], new Map([[String(course._id), course]]));
    assert.equal(mine[String(course._id)]?.bestReachable, 0.7);
  });

  it('counts the sessions that have ended without a mark, not those still running or ahead', async () => {
    const course = await make.course({ days: days('2026-09-01', 5), hours: { start: '09:00', end: '12:00' } });
    const [marked, forgotten] = [await make.trainee(), await make.trainee()];
    const eMarked = await make.enrollment(course, marked);
    const eForgotten = await make.enrollment(course, forgotten);
    await make.marks(course, eMarked, ['present', 'present']);
    await make.marks(course, eForgotten, ['present']);
    // 3 September, 10:00 in Seoul: two sessions are over, the third is under way, two are ahead.
    const now = seoulInstant('2026-09-03', '10:00');
    const rows = await risksByTrainee(course, now);
    assert.equal(rows.get(String(marked._id))?.unrecordedPast, 0);
    assert.equal(rows.get(String(forgotten._id))?.unrecordedPast, 1);
    const later = await risksByTrainee(course, seoulInstant('2026-09-03', '12:00'));
    assert.equal(later.get(String(forgotten._id))?.unrecordedPast, 2, 'the third once it has ended');
  });

  describe('on the app clock', () => {
    const clock = useClock();

    it('takes a session as held once the app clock has reached its start, on the grid and when saving', async () => {
      const course = await make.course({
        status: 'published',
        days: [dayFromNow(1)],
        hours: { start: '10:00', end: '12:00' },
      });
      const enrollment = await make.enrollment(course, await make.trainee());
      const staff = await actorOf(await make.staff('postech'));
      const session = String(course.sessions[0]!._id);
      clock.advance(seoulInstant(dayFromNow(1), '10:30').getTime() - Date.now());

      const grid = await getAttendanceGrid(staff, String(course._id));
      assert.deepEqual([grid.sessions[0]?.held, grid.sessions[0]?.readonly], [true, false]);
      const cells = { [String(enrollment._id)]: { [session]: 'present' as const } };
      assert.deepEqual(await saveAttendance(staff, String(course._id), attendanceInput({ cells })), { changed: 1 });
      const marks = await marksOf({ enrollment: enrollment._id });
      assert.equal(marks.get(String(enrollment._id))?.get(session)?.status, 'present');
    });
  });
});
