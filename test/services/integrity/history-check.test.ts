import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { useTestApp } from '../../support/app';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('check-data: enrollments behind their history (lost history steps)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds an enrollment behind its history (event written, update lost) and rolls it forward, seats following', async () => {
    const { course, applied } = await courseWithApplications(3);
    const [first, second, waiting] = applied.map((a) => a.enrollmentId);
    const withdrawnAt = minutesAgo(5);
    await EnrollmentEvent.create({ enrollment: first, seq: 2, from: 'enrolled', to: 'withdrawn', at: withdrawnAt });
    // A step written a moment ago is a write in progress, not drift.
    await EnrollmentEvent.create({ enrollment: second, seq: 2, from: 'enrolled', to: 'withdrawn', at: new Date() });

    assert.deepEqual(await differences(['enrollment-history']), [
      `[enrollment-history] enrollment ${first} of course ${String(course._id)} (${course.code}) is at step 1 (enrolled), but its history goes on to step 2 (enrolled → withdrawn, ${withdrawnAt.toISOString()})`,
    ]);
    await EnrollmentEvent.deleteOne({ enrollment: second, seq: 2 });

    const report = await repairRun();
    assert.deepEqual(outcomes(report), [
      'enrollment-history: repaired',
      // Withdrawn, the enrollment no longer holds its seat: it is freed and goes to the waitlist.
      'seat-without-enrollment: repaired',
    ]);
    const rolled = await Enrollment.findById(first).lean();
    assert.equal(rolled?.status, 'withdrawn');
    assert.equal(rolled?.seq, 2);
    assert.equal(rolled?.withdrawnAt?.getTime(), withdrawnAt.getTime());
    assert.equal((await Enrollment.findById(waiting).lean())?.status, 'enrolled');
    assert.deepEqual(await differences(), []);
  });
});
