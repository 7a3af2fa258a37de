import assert from 'node:assert/strict';
import { AttendanceSheet } from '../../../models/attendance-sheet';
import { Certificate } from '../../../models/certificate';
import { CourseFigures } from '../../../models/course-figures';
import { CourseRoster } from '../../../models/course-roster';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { Seat } from '../../../models/seat';
import { TraineeFacts } from '../../../models/trainee-facts';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { seedDemo } from '../../../server/seed/demo';
import { checkData, findingText } from '../../../server/services/integrity/run';
import { useTestApp } from '../../support/app';

describe('check-data on consistent data', () => {
  useTestApp();

  it('finds no difference in the demo data, which the services made', async function () {
    this.timeout(180_000);
    await seedDemo();
    // Not a vacuous pass: the demo holds every kind of record the checks compare.
    for (const model of [
      Seat,
      WaitlistEntry,
      EnrollmentEvent,
      Certificate,
      CourseFigures,
      TraineeFacts,
      AttendanceSheet,
      CourseRoster,
    ])
      assert.ok((await model.countDocuments()) > 0, model.modelName);
    const report = await checkData({ repair: 'none', by: 'data_check' });
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.findings.map(findingText), []);
    assert.equal(report.checks, 13);
  });
});
