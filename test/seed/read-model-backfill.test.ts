import assert from 'node:assert/strict';
import { Attendance } from '../../models/attendance';
import { AttendanceSheet } from '../../models/attendance-sheet';
import { CourseFigures } from '../../models/course-figures';
import { CourseRoster } from '../../models/course-roster';
import { JobClaim } from '../../models/job-claim';
import { RosterTrainee } from '../../models/roster-trainee';
import { backfillRosterReadModels } from '../../server/seed/read-model-backfill';
import { fillMissingAttendanceSheets, sheetMarks } from '../../server/services/attendance/sheets';
import { courseRosterEntries } from '../../server/services/courses/course-roster';
import { fillMissingRosterTrainees } from '../../server/services/courses/roster-trainees';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';

describe("backfill of the roster's read models for data of earlier versions", () => {
  useTestApp();

  /** Enrollments and marks as an earlier version left them: no sheets, no roster rows, no packed roster. */
  async function oldData() {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-2), dayFromNow(-1)] });
    const [s0, s1] = course.sessions.map((s) => s._id);
    const kim = await make.enrollment(course, await make.trainee({ name: '김과거' }));
    const lee = await make.enrollment(course, await make.trainee({ name: '이과거' }));
    await make.enrollment(course, await make.trainee({ name: '박무표' }));
    await Attendance.insertMany([
      { enrollment: kim._id, course: course._id, session: s0, status: 'present' },
      { enrollment: kim._id, course: course._id, session: s1, status: 'excused', remark: '병가' },
      { enrollment: lee._id, course: course._id, session: s0, status: 'absent' },
    ]);
    await Promise.all([
      RosterTrainee.deleteMany({ course: course._id }),
      AttendanceSheet.deleteMany({ course: course._id }),
      CourseRoster.deleteOne({ _id: course._id }),
    ]);
    return { course, kim, lee };
  }

  it('gives every enrollment with marks its sheet and every enrollment its roster row, once', async () => {
    const { course, kim, lee } = await oldData();
    await backfillRosterReadModels();

    const sheets = await sheetMarks({ course: course._id });
    assert.deepEqual([...(sheets.get(String(kim._id))?.values() ?? [])].map((m) => `${m.status}/${m.remark}`).sort(), [
      'excused/병가',
      'present/',
    ]);
    assert.deepEqual(
      [...(sheets.get(String(lee._id))?.values() ?? [])].map((m) => m.status),
      ['absent'],
    );
    assert.equal(sheets.size, 2, 'an enrollment without marks needs no sheet');
    const rows = await RosterTrainee.find({ course: course._id }).lean();
    assert.deepEqual(rows.map((r) => r.name).sort(), ['김과거', '박무표', '이과거']);
    assert.equal(
      await CourseFigures.countDocuments({ _id: course._id }),
      1,
      'the figures rebuilt at their new version',
    );
    const packed = await courseRosterEntries(course._id);
    assert.deepEqual(
      packed.map((e) => `${e.name}:${[...e.marks.values()].map((m) => m.status).join('/')}`),
      ['김과거:present/excused', '이과거:absent', '박무표:'],
      'the packed roster built from the rows and sheets just filled',
    );
    assert.equal(await JobClaim.countDocuments({ finishedAt: { $exists: true } }), 4, 'all four recorded as finished');

    // Again, and on two instances at once: nothing is inserted twice or changed.
    const again = await Promise.all([
      fillMissingAttendanceSheets(),
      fillMissingAttendanceSheets(),
      fillMissingRosterTrainees(),
      fillMissingRosterTrainees(),
    ]);
    assert.deepEqual(again, [0, 0, 0, 0]);
    assert.equal(await AttendanceSheet.countDocuments({ course: course._id }), 2);
    assert.equal(await RosterTrainee.countDocuments({ course: course._id }), 3);
  });

  it('inserts each missing document exactly once when two instances start together', async () => {
    const { course } = await oldData();
    const [sheetsA, sheetsB, rowsA, rowsB] = await Promise.all([
      fillMissingAttendanceSheets(),
      fillMissingAttendanceSheets(),
      fillMissingRosterTrainees(),
      fillMissingRosterTrainees(),
    ]);
    assert.equal(sheetsA + sheetsB, await AttendanceSheet.countDocuments({ course: course._id }));
    assert.equal(await AttendanceSheet.countDocuments({ course: course._id }), 2);
    assert.equal(rowsA + rowsB, await RosterTrainee.countDocuments({ course: course._id }));
    assert.equal(await RosterTrainee.countDocuments({ course: course._id }), 3);
  });
});
