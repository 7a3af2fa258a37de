import assert from 'node:assert/strict';
import { riskOf, traineeRisk } from '../../../server/services/attendance/grid';
import { useTestApp } from '../../support/app';
import { createCourse, createEnrollment, createTrainee, days, recordMarks } from '../../support/factories';

describe('at-risk figures per course and per trainee', () => {
  useTestApp();

  it('flags trainees below the minimum now and those who can no longer reach it', async () => {
    const course = await createCourse({ days: days('2026-09-01', 10) });
    const [fine, behind, lost] = [await createTrainee(), await createTrainee(), await createTrainee()];
    const eFine = await createEnrollment(course, fine);
    const eBehind = await createEnrollment(course, behind);
    const eLost = await createEnrollment(course, lost);
    await recordMarks(course, eFine, ['present', 'present', 'late', 'present']);
    await recordMarks(course, eBehind, ['present', 'absent', 'present', 'present']);
    await recordMarks(course, eLost, ['absent', 'absent', 'absent', 'present']);
    const rows = new Map((await riskOf(course, [eFine, eBehind, eLost])).map((r) => [r.traineeId, r]));
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
});
