import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { AttendanceSheet } from '../../../models/attendance-sheet';
import { CopyVersion } from '../../../models/copy-version';
import { CourseFigures } from '../../../models/course-figures';
import { CourseRoster } from '../../../models/course-roster';
import { JobClaim } from '../../../models/job-claim';
import { RosterTrainee } from '../../../models/roster-trainee';
import { fillMissingAttendanceSheets, sheetMarks } from '../../../server/services/copies/attendance-sheets';
import { courseRosterEntries } from '../../../server/services/copies/course-roster';
import { fillMissingRosterTrainees } from '../../../server/services/copies/roster-trainees';
import { copyKinds, rebuildOutdatedCopies } from '../../../server/services/copies/versions';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';

describe('stored copies rebuilt at start when their schema version is older or missing', () => {
  useTestApp();
  beforeEach(() => Promise.all([CopyVersion.deleteMany({}), JobClaim.deleteMany({})]));

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

  it('gives data of earlier versions every sheet, roster row, packed roster and figures document, and records each version', async () => {
    const { course, kim, lee } = await oldData();
    assert.deepEqual(Object.keys(await rebuildOutdatedCopies()), [
      'attendance-sheets',
      'roster-trainees',
      'course-rosters',
      'course-figures',
    ]);

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
    const versions = await CopyVersion.find().sort({ _id: 1 }).lean();
    assert.deepEqual(
      versions.map((v) => `${v._id}@${v.version}`),
      copyKinds.map((k) => `${k.name}@${k.version}`).sort(),
    );
    assert.deepEqual(await rebuildOutdatedCopies(), {}, 'all current: nothing rebuilt at the next start');

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

  it('rebuilds a kind whose stored version is older than its code’s, and only that kind', async () => {
    const { course } = await oldData();
    await rebuildOutdatedCopies();
    await CourseFigures.updateOne({ _id: course._id }, { $set: { rows: '[]' } });
    await CopyVersion.updateOne({ _id: 'course-figures' }, { $set: { version: 1 } });
    const rebuilt = await rebuildOutdatedCopies();
    assert.deepEqual(Object.keys(rebuilt), ['course-figures']);
    assert.notEqual((await CourseFigures.findById(course._id).lean())?.rows, '[]', 'rebuilt from the facts');
    assert.equal((await CopyVersion.findById('course-figures').lean())?.version, 2);
  });

  it('takes the version a start-time migration of an earlier release reached, without rebuilding', async () => {
    await JobClaim.create({
      _id: 'course-figures-v2',
      job: 'course-figures-v2',
      period: new Date(0),
      instance: 'start',
      claimedAt: new Date(),
      finishedAt: new Date(),
    });
    const rebuilt = await rebuildOutdatedCopies(copyKinds.filter((k) => k.name === 'course-figures'));
    assert.deepEqual(rebuilt, {});
    assert.equal((await CopyVersion.findById('course-figures').lean())?.version, 2);
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
