import assert from 'node:assert/strict';
import type { Types } from 'mongoose';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { freshKey, requestRefill, settlePlaces, submitIntent } from '../../../server/services/allocation/submit';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe('submitting an action on places', () => {
  useTestApp();

  const apply = async (course: { _id: Types.ObjectId }, key: string) => {
    const trainee = await make.trainee();
    const actor = await actorOf(trainee);
    return {
      trainee,
      request: {
        key,
        course: course._id,
        kind: 'apply' as const,
        actor,
        trainee: trainee._id,
        category: 'job_seeker',
        approved: true,
      },
    };
  };

  it('answers with the decided outcome, and the same outcome to the same key sent again', async () => {
    const course = await make.course({ capacity: 1 });
    const { trainee, request } = await apply(course, 'apply:test:1');
    const first = await submitIntent(request);
    assert.equal(first.status, 'enrolled');
    assert.equal(first.seatNo, 1);
    const again = await submitIntent(request);
    assert.equal(String(again.enrollment), String(first.enrollment));
    assert.equal(again.status, 'enrolled');
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 1);
    assert.equal(await ActionIntent.countDocuments({ course: course._id }), 0, 'decided intents are gone');
    assert.equal((await ActionOutcome.findById('apply:test:1').lean())?.status, 'enrolled');
  });

  it('decides simultaneous applications in arrival order: one seat, then the waitlist', async () => {
    const course = await make.course({ capacity: 1 });
    const requests = await Promise.all([1, 2, 3].map((i) => apply(course, freshKey('apply') + i)));
    const outcomes = await Promise.all(requests.map((r) => submitIntent(r.request)));
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['enrolled', 'waitlisted', 'waitlisted']);
    assert.deepEqual(
      outcomes
        .filter((o) => o.rank)
        .map((o) => o.rank)
        .sort(),
      [1, 2],
    );
  });

  it("settles a cancelled course's places, withdrawing its applications", async () => {
    const course = await make.course({ capacity: 5 });
    const { request } = await apply(course, freshKey('apply'));
    const { enrollment } = await submitIntent(request);
    await Course.updateOne({ _id: course._id }, { status: 'cancelled' });
    await settlePlaces(course._id, request.actor);
    assert.equal((await Enrollment.findById(enrollment).lean())?.status, 'withdrawn');
  });

  it('keys every refill freshly, and a refill leaves no intent behind', async () => {
    assert.notEqual(freshKey('refill'), freshKey('refill'));
    assert.match(freshKey('refill'), /^refill:/);
    const course = await make.course();
    await requestRefill(course._id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await allocatorsIdle();
    assert.equal(await ActionIntent.countDocuments({ course: course._id }), 0);
  });
});
