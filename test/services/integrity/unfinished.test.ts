import assert from 'node:assert/strict';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { Seat } from '../../../models/seat';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('check-data: work left unfinished (intents past their deadline, lost history steps)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds an action that waited past its deadline and has the course’s allocator decide it', async () => {
    const { course } = await courseWithApplications(1);
    const trainee = await make.trainee();
    const key = 'apply:left-by-a-dead-instance';
    await ActionIntent.create({
      _id: key,
      course: course._id,
      kind: 'apply',
      trainee: trainee._id,
      category: 'job_seeker',
      approved: true,
      actor: { id: String(trainee._id), role: 'trainee', name: trainee.name, email: trainee.email },
      at: new Date(),
    });
    assert.deepEqual(await differences(['stale-intents']), [], 'a request still waits for it: not yet drift');

    await ActionIntent.updateOne({ _id: key }, { $set: { at: minutesAgo(2) } });
    const [found, ...rest] = await differences(['stale-intents']);
    assert.deepEqual(rest, []);
    assert.match(
      found!,
      new RegExp(
        `^\\[stale-intents\\] course ${String(course._id)} \\(${course.code}\\): the apply action ${key} has waited since \\S+ \\(1[12]\\d s\\) without being decided$`,
      ),
    );

    assert.deepEqual(outcomes(await repairRun()), ['stale-intents: repaired']);
    assert.equal(await ActionIntent.countDocuments({}), 0);
    assert.equal((await ActionOutcome.findById(key).lean())?.status, 'enrolled');
    const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
    assert.equal(enrollment?.status, 'enrolled');
    assert.ok(await Seat.exists({ enrollment: enrollment._id }));
    assert.deepEqual(await differences(), []);
  });

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
