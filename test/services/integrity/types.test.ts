import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { checkData, findingText } from '../../../server/services/integrity/run';
import { NotRepaired } from '../../../server/services/integrity/types';
import { useTestApp } from '../../support/app';
import { courseWithApplications, emptyButUniversities, repairAudits } from '../../support/drift';
import { writeApplication } from '../../support/intents';

describe('integrity/types: a repair that leaves things as they are (NotRepaired)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('is an error carrying its reason', () => {
    const err = new NotRepaired('a person decides');
    assert.ok(err instanceof Error);
    assert.equal(err.message, 'a person decides');
  });

  it('is reported with its reason as not repaired, never as a failure of the run, and audits no repair', async () => {
    const { course, applied } = await courseWithApplications(1, { capacity: 3 });
    const enrollment = applied[0]!.enrollmentId;
    await Seat.deleteOne({ enrollment });
    // An application still being decided makes the seat repair step back (course-lease.ts).
    await writeApplication(course, 'apply:types-test');
    const report = await checkData({ repair: 'all', by: 'data_check', only: ['enrollment-without-seat'] });
    assert.deepEqual(report.failures, []);
    assert.equal(report.findings.length, 1);
    const [finding] = report.findings;
    assert.equal(finding?.outcome.kind, 'not-repaired');
    assert.match(findingText(finding!), /still being decided/);
    assert.deepEqual(await repairAudits(), []);
    assert.equal((await Enrollment.findById(enrollment).lean())?.status, 'enrolled');
  });
});
