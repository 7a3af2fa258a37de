import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('check-data: the waitlist against its enrollments (DESIGN.md rule 3)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds a waitlist entry whose enrollment no longer waits, removes it, and newcomers then get a free seat', async () => {
    const { course, applied, trainees } = await courseWithApplications(3, { capacity: 3 });
    const [, , third] = applied.map((a) => a.enrollmentId);
    // The third trainee was rejected while a stray place in the queue stayed behind; their seat is gone too.
    await Seat.deleteOne({ enrollment: third });
    await Enrollment.updateOne({ _id: third }, { $set: { status: 'rejected' } });
    await WaitlistEntry.create({ course: course._id, position: 1, trainee: trainees[2]!._id, enrollment: third });

    const found = await differences(['waitlist']);
    assert.deepEqual(found, [
      `[waitlist] waitlist entry of course ${String(course._id)} (${course.code}) for trainee ${String(trainees[2]!._id)}: its enrollment ${third} is rejected`,
    ]);

    const report = await repairRun();
    // The rejection written past the services also left the course's figures counting them, and its roster showing them queued.
    assert.deepEqual(outcomes(report), ['waitlist: repaired', 'course-figures: repaired', 'course-rosters: repaired']);
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
    assert.deepEqual(await differences(), []);
    const newcomer = await applyToCourse(toActor(await make.trainee()), String(course._id));
    assert.equal(newcomer.status, 'enrolled', 'the free seat is taken, not queued behind nobody');
  });

  it('reports a waitlisted enrollment that lost its place in the queue, without guessing where it belongs', async () => {
    const { course, applied } = await courseWithApplications(3);
    const [, , waiting] = applied.map((a) => a.enrollmentId);
    await WaitlistEntry.deleteOne({ enrollment: waiting });

    const report = await repairRun();
    assert.deepEqual(
      report.findings.map((f) => f.difference.text),
      [
        `enrollment ${waiting} of course ${String(course._id)} (${course.code}) is waitlisted but has no place in the waitlist`,
        // The roster no longer shows the place the queue lost.
        `course ${String(course._id)} (${course.code}): its packed roster differs from its recomputation in 1 row`,
      ],
    );
    assert.deepEqual(outcomes(report), [
      'waitlist: not repaired (no repair: where it belongs in the queue is for a person to decide)',
      'course-rosters: repaired',
    ]);
  });
});
