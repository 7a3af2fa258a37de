import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { FormError } from '../../../server/errors';
import { transition, transitionMany, writeKeyedSteps } from '../../../server/services/enrollment/history';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const changedMeanwhile = (e: unknown) =>
  e instanceof FormError && e.errors._form === 'enrollment.errors.changedMeanwhile';

describe('enrollment/history: each status step, claimed once by its history event', () => {
  useTestApp();

  it('writes the step and its event, and refuses a second step from the same state as changed meanwhile', async () => {
    const course = await make.course();
    const staff = await make.staff('postech');
    const read = (await make.enrollment(course, await make.trainee(), 'pending')).toObject();
    assert.equal(await transition(read, 'enrolled', { by: staff._id, reason: '승인' }), 1);
    const after = await Enrollment.findById(read._id).lean();
    assert.deepEqual([after?.status, after?.seq], ['enrolled', 1]);
    const event = await EnrollmentEvent.findOne({ enrollment: read._id, seq: 1 }).lean();
    assert.deepEqual(
      [event?.from, event?.to, String(event?.by), event?.reason],
      ['pending', 'enrolled', String(staff._id), '승인'],
    );
    // A racing request that read the same pending enrollment loses.
    await assert.rejects(transition(read, 'withdrawn'), changedMeanwhile);
    assert.equal((await Enrollment.findById(read._id).lean())?.status, 'enrolled');
    assert.equal(await EnrollmentEvent.countDocuments({ enrollment: read._id }), 1);
    // A withdrawal is dated.
    await transition({ ...read, status: 'enrolled', seq: 1 }, 'withdrawn');
    assert.ok((await Enrollment.findById(read._id).lean())?.withdrawnAt instanceof Date);
  });

  it('rolls an enrollment forward to an event written without its update, once its writer has surely stopped', async () => {
    const course = await make.course();
    const read = (await make.enrollment(course, await make.trainee(), 'pending')).toObject();
    // The writer stopped between the event and the enrollment's update, a minute ago.
    await EnrollmentEvent.create({
      enrollment: read._id,
      course: course._id,
      seq: 1,
      from: 'pending',
      to: 'enrolled',
      at: new Date(Date.now() - 60_000),
    });
    const claimed = await transitionMany([{ enrollment: read, to: 'rejected' }]);
    assert.deepEqual(claimed, [false]);
    const rolled = await Enrollment.findById(read._id).lean();
    assert.deepEqual([rolled?.status, rolled?.seq], ['enrolled', 1]);
  });

  it('leaves an enrollment whose writer may still be writing: the racing step loses, and cannot overwrite what the writer sets', async () => {
    const course = await make.course();
    const read = (await make.enrollment(course, await make.trainee(), 'enrolled')).toObject();
    // A writer has just claimed step 1 (a completion) and is about to write the enrollment.
    await EnrollmentEvent.create({
      enrollment: read._id,
      course: course._id,
      seq: 1,
      from: 'enrolled',
      to: 'completed',
    });
    await assert.rejects(transition(read, 'withdrawn'), changedMeanwhile);
    const untouched = await Enrollment.findById(read._id).lean();
    assert.deepEqual(
      [untouched?.status, untouched?.seq ?? 0],
      ['enrolled', 0],
      'not rolled forward under a live writer',
    );
  });

  it('writes keyed steps once, however often a re-run writes them again', async () => {
    const course = await make.course();
    const trainee = await make.trainee();
    const enrollment = new Types.ObjectId();
    const step = {
      key: 'apply:keyed-1',
      enrollment,
      trainee: trainee._id,
      from: null,
      fromSeq: 0,
      to: 'enrolled' as const,
      seq: 1,
    };
    const calls: boolean[] = [];
    const between = async (allNew: boolean) => {
      calls.push(allNew);
    };
    assert.equal(await writeKeyedSteps(course, [step], new Date(), between), true);
    assert.equal(await writeKeyedSteps(course, [step], new Date(), between), true);
    assert.deepEqual(calls, [true, false], 'the re-run finds its event written');
    assert.equal(await EnrollmentEvent.countDocuments({ enrollment }), 1);
    const created = await Enrollment.findById(enrollment).lean();
    assert.deepEqual([created?.status, created?.seq, created?.intent], ['enrolled', 1, 'apply:keyed-1']);
    // A move from a step another writer has since passed is refused.
    const stale = {
      ...step,
      key: 'withdraw:keyed-2',
      from: 'enrolled' as const,
      fromSeq: 0,
      to: 'withdrawn' as const,
      seq: 2,
    };
    assert.equal(await writeKeyedSteps(course, [stale], new Date(), between), false);
    assert.equal((await Enrollment.findById(enrollment).lean())?.status, 'enrolled');
  });
});
