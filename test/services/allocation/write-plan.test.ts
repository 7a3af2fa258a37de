import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { Seat } from '../../../models/seat';
import { emptyPlan, type Plan, type Step } from '../../../server/services/allocation/plan';
import type { AllocCourse } from '../../../server/services/allocation/state';
import { announcedChanges, changesFigures, writePlan } from '../../../server/services/allocation/write-plan';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const step = (from: Step['from'], to: Step['to']): Step => ({
  key: `k-${Math.random()}`,
  enrollment: new Types.ObjectId(),
  trainee: new Types.ObjectId(),
  from,
  fromSeq: from ? 1 : 0,
  to,
  seq: from ? 2 : 1,
});

/** A plan that seats a new application of `trainee` in seat 1, as the allocator plans one. */
function seatPlan(key: string, trainee: Types.ObjectId): Plan {
  const enrollment = new Types.ObjectId();
  return {
    ...emptyPlan(),
    seatsIn: [{ _id: new Types.ObjectId(), enrollment, trainee, seatNo: 1 }],
    steps: [{ key, enrollment, trainee, from: null, fromSeq: 0, to: 'enrolled', seq: 1 }],
    outcomes: [{ _id: key, enrollment, status: 'enrolled', seq: 1, seatNo: 1 }],
  };
}

describe("writing an allocator's plan", () => {
  useTestApp();

  it('announces the copies the plan changes: applications, with figures only when a counted status moves', () => {
    const course = new Types.ObjectId();
    assert.deepEqual(announcedChanges(emptyPlan(), course, false), []);
    const pending = { ...emptyPlan(), steps: [step(null, 'pending')] };
    assert.equal(changesFigures(pending), false);
    assert.deepEqual(announcedChanges(pending, course, true), [
      { fact: 'applications', course, figures: false, staffWaiting: true },
    ]);
    const enrolled = { ...emptyPlan(), steps: [step('pending', 'enrolled')] };
    assert.equal(changesFigures(enrolled), true);
    const cancelled: Plan = {
      ...enrolled,
      cancellation: {
        at: new Date(),
        audit: { key: 'c', action: 'course.cancel', target: { type: 'Course', id: course } },
      },
    };
    assert.deepEqual(announcedChanges(cancelled, course, false), [
      { fact: 'enrollments', course },
      { fact: 'course', course },
    ]);
  });

  it('writes the seat, the enrollment, its history and outcome, then deletes the intent; a re-run writes nothing twice', async () => {
    const made = await make.course();
    const course = (await Course.findById(made._id).lean<AllocCourse>())!;
    const trainee = await make.trainee();
    const key = 'apply:plan:1';
    await ActionIntent.create({ _id: key, course: course._id, kind: 'apply', trainee: trainee._id, at: new Date() });
    const plan = seatPlan(key, trainee._id);

    assert.equal(await writePlan(course, plan, [key], new Date(), []), true);
    assert.equal(await writePlan(course, plan, [key], new Date(), []), true);

    const enrollment = (await Enrollment.findOne({ trainee: trainee._id }).lean())!;
    assert.equal(enrollment.status, 'enrolled');
    assert.equal(await Seat.countDocuments({ course: course._id }), 1);
    assert.equal(await EnrollmentEvent.countDocuments({ enrollment: enrollment._id }), 1);
    assert.equal((await ActionOutcome.findById(key).lean())?.seatNo, 1);
    assert.equal(await ActionIntent.countDocuments({ _id: key }), 0);
  });

  it('stops at a seat another writer took meanwhile, leaving the intent to be planned again', async () => {
    const made = await make.course();
    const course = (await Course.findById(made._id).lean<AllocCourse>())!;
    await make.enrollment(made, await make.trainee(), 'enrolled'); // holds seat 1
    const trainee = await make.trainee();
    const key = 'apply:plan:2';
    await ActionIntent.create({ _id: key, course: course._id, kind: 'apply', trainee: trainee._id, at: new Date() });

    assert.equal(await writePlan(course, seatPlan(key, trainee._id), [key], new Date(), []), false);
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 0);
    assert.equal(await ActionOutcome.countDocuments({ _id: key }), 0);
    assert.equal(await ActionIntent.countDocuments({ _id: key }), 1);
  });
});
