import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { AttendanceSheet } from '../../../models/attendance-sheet';
import { Course } from '../../../models/course';
import { CourseFigures } from '../../../models/course-figures';
import { CourseRoster } from '../../../models/course-roster';
import { RosterTrainee } from '../../../models/roster-trainee';
import { TraineeFacts } from '../../../models/trainee-facts';
import { courseFiguresCurrent } from '../../../server/services/copies/course-figures';
import { refreshRosterTrainee } from '../../../server/services/copies/roster-trainees';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('check-data: derived copies against their recomputation', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds course figures that differ from the facts, or are missing, and refreshes them', async () => {
    const { course: changed } = await courseWithApplications(2);
    const { course: missing } = await courseWithApplications(1);
    assert.ok(await courseFiguresCurrent(changed._id));
    await CourseFigures.updateOne({ _id: changed._id }, { $set: { rows: '[]' } });
    await CourseFigures.deleteOne({ _id: missing._id });
    assert.equal(await courseFiguresCurrent(changed._id), false);

    assert.deepEqual(
      (await differences()).sort(),
      [
        `[course-figures] course ${String(changed._id)} (${changed.code}): its stored figures differ from a recomputation from its enrollments`,
        `[course-figures] course ${String(missing._id)} (${missing.code}): it has no stored figures, but its enrollments count in the figures`,
      ].sort(),
    );
    assert.deepEqual(outcomes(await repairRun('safe')), ['course-figures: repaired', 'course-figures: repaired']);
    assert.ok(await courseFiguresCurrent(changed._id));
    assert.ok(await CourseFigures.exists({ _id: missing._id }));
    assert.deepEqual(await differences(), []);
  });

  it('finds roster rows and trainee facts that no longer match the account, and copies the account again', async () => {
    const { course, trainees, applied } = await courseWithApplications(2);
    const [first, second] = trainees;
    for (const t of trainees) await refreshRosterTrainee(t._id);
    assert.ok(await TraineeFacts.exists({ _id: second!._id }), 'the figures copied the facts');
    await RosterTrainee.updateOne(
      { _id: applied[0]!.enrollmentId },
      { $set: { name: 'An old name', affiliation: 'An old employer' } },
    );
    await TraineeFacts.updateOne({ _id: second!._id }, { $set: { pohangResident: false } });

    const found = await differences();
    assert.ok(
      found.includes(
        `[roster-trainees] trainee ${String(first!._id)}: 1 roster row (course ${String(course._id)} (${course.code})) differs from the account in name, affiliation`,
      ),
      found.join('\n'),
    );
    assert.ok(
      found.includes(
        `[trainee-facts] trainee ${String(second!._id)}: the facts the figures count by differ from the account in Pohang residency`,
      ),
      found.join('\n'),
    );
    // The figures are computed from the stored facts: the course's follow them.
    assert.ok(found.some((f) => f.startsWith('[course-figures]')));

    // The facts are repaired before the figures are compared, and their refresh brings the course's figures along.
    assert.deepEqual(outcomes(await repairRun('safe')), ['roster-trainees: repaired', 'trainee-facts: repaired']);
    assert.equal((await RosterTrainee.findById(applied[0]!.enrollmentId).lean())?.name, first!.name);
    assert.equal((await TraineeFacts.findById(second!._id).lean())?.pohangResident, true);
    assert.deepEqual(await differences(), []);
  });

  it('finds attendance sheets that differ from the marks, or are missing, and rewrites them', async () => {
    const { course: made, applied } = await courseWithApplications(2);
    const course = await Course.findById(made._id).lean();
    assert.ok(course);
    const [first, second] = applied.map((a) => ({ _id: a.enrollmentId }));
    await make.marks(course, first!, ['present', 'late', 'present']);
    await make.marks(course, second!, ['present', 'present', 'absent']);
    assert.deepEqual(await differences(), []);
    await Attendance.updateOne(
      { enrollment: first!._id, session: course.sessions[0]!._id },
      { $set: { status: 'absent' } },
    );
    await AttendanceSheet.deleteOne({ _id: second!._id });

    const name = `course ${String(course._id)} (${course.code})`;
    assert.deepEqual(
      (await differences()).sort(),
      [
        `[attendance-sheets] the attendance sheet of enrollment ${first!._id} of ${name} holds 3 marks, which differ from its 3 attendance marks`,
        `[attendance-sheets] the attendance sheet of enrollment ${second!._id} of ${name} is missing, but it has 3 marks`,
        // The packed roster is computed from the sheets: the missing one shows there too.
        `[course-rosters] ${name}: its packed roster differs from its recomputation in 1 row`,
      ].sort(),
    );
    // The sheets are repaired first, and the packed roster then follows the repaired sheets.
    assert.deepEqual(outcomes(await repairRun('safe')), [
      'attendance-sheets: repaired',
      'attendance-sheets: repaired',
      'course-rosters: repaired',
    ]);
    assert.match((await AttendanceSheet.findById(first!._id).lean())?.marks ?? '', /absent/);
    assert.deepEqual(await differences(), []);
  });

  it('finds packed rosters that differ from their recomputation, or are missing, and rebuilds them', async () => {
    const { course: changed } = await courseWithApplications(2);
    const { course: missing } = await courseWithApplications(1);
    const { course: empty } = await courseWithApplications(0);
    assert.deepEqual(await differences(), []);
    const stored = await CourseRoster.findById(changed._id).lean();
    await CourseRoster.updateOne(
      { _id: changed._id },
      { $set: { rows: stored!.rows.replace('"enrolled"', '"withdrawn"') } },
    );
    await CourseRoster.deleteMany({ _id: { $in: [missing._id, empty._id] } });

    const name = (c: typeof changed) => `course ${String(c._id)} (${c.code})`;
    assert.deepEqual(
      (await differences()).sort(),
      [
        `[course-rosters] ${name(changed)}: its packed roster differs from its recomputation in 1 row`,
        `[course-rosters] ${name(missing)}: it has no packed roster, but 1 application`,
      ].sort(),
      'a course nobody applied to needs none: its first read builds it',
    );
    assert.deepEqual(outcomes(await repairRun('safe')), ['course-rosters: repaired', 'course-rosters: repaired']);
    assert.equal((await CourseRoster.findById(changed._id).lean())?.rows, stored!.rows);
    assert.deepEqual(await differences(), []);
  });
});
