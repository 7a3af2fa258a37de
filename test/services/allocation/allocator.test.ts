import assert from 'node:assert/strict';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { CourseLease } from '../../../models/course-lease';
import { Enrollment } from '../../../models/enrollment';
import { allocatorsIdle, leaseHolder, runAllocator, waitLocally } from '../../../server/services/allocation/allocator';
import type { PlannedOutcome } from '../../../server/services/allocation/plan';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { writeApplication } from '../../support/intents';

describe("a course's allocator", () => {
  useTestApp();

  it('decides the open intents in arrival order, answers local waiters and leaves outcomes and no intents', async () => {
    const course = await make.course({ capacity: 1 });
    const t = Date.now();
    // Written out of order: the earlier arrival gets the seat.
    const second = await writeApplication(course, 'apply:second', new Date(t + 5));
    const first = await writeApplication(course, 'apply:first', new Date(t));
    const heard: PlannedOutcome[] = [];
    const stop = waitLocally('apply:second', (o) => heard.push(o));
    await runAllocator(course._id);
    stop();

    assert.equal((await Enrollment.findOne({ trainee: first._id }).lean())?.status, 'enrolled');
    assert.equal((await Enrollment.findOne({ trainee: second._id }).lean())?.status, 'waitlisted');
    assert.deepEqual(
      heard.map((o) => [o._id, o.status, o.rank]),
      [['apply:second', 'waitlisted', 1]],
    );
    assert.equal((await ActionOutcome.findById('apply:first').lean())?.seatNo, 1);
    assert.equal(await ActionIntent.countDocuments({ course: course._id }), 0);
    assert.equal(await CourseLease.countDocuments({ _id: String(course._id) }), 0, 'the lease is released');
  });

  it('leaves the intents to the instance that holds the lease', async () => {
    const course = await make.course();
    await CourseLease.create({
      _id: String(course._id),
      holder: 'another-instance',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const trainee = await writeApplication(course, 'apply:held', new Date());
    await runAllocator(course._id);
    assert.equal(await ActionIntent.countDocuments({ course: course._id }), 1);
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 0);

    await CourseLease.deleteOne({ _id: String(course._id) });
    await runAllocator(course._id);
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 1);
  });

  it('takes back the lease a run of this process could not release (the database went away), without waiting for it to expire', async () => {
    const course = await make.course();
    await CourseLease.create({
      _id: String(course._id),
      holder: leaseHolder,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const trainee = await writeApplication(course, 'apply:own-lease', new Date());
    await runAllocator(course._id);
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 1);
    assert.equal(await CourseLease.countDocuments({ _id: String(course._id) }), 0, 'the lease is released');
  });

  it('runs once per course in this process: a call during a run makes it look again', async () => {
    const course = await make.course({ capacity: 10 });
    const a = await writeApplication(course, 'apply:a', new Date());
    const running = runAllocator(course._id);
    const b = await writeApplication(course, 'apply:b', new Date());
    const again = runAllocator(course._id);
    await Promise.all([running, again]);
    await allocatorsIdle();
    assert.equal(await Enrollment.countDocuments({ trainee: { $in: [a._id, b._id] }, status: 'enrolled' }), 2);
  });
});
