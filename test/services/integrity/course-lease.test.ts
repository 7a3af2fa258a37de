import assert from 'node:assert/strict';
import { ActionIntent } from '../../../models/action-intent';
import { Enrollment } from '../../../models/enrollment';
import { releaseLease, takeLease } from '../../../server/services/allocation/lease';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { withCourseHeld } from '../../../server/services/integrity/course-lease';
import { NotRepaired } from '../../../server/services/integrity/types';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { writeApplication } from '../../support/intents';

const notRepaired = (pattern: RegExp) => (e: unknown) => e instanceof NotRepaired && pattern.test(e.message);

describe('integrity/course-lease: a repair of a course’s places holds off its allocator', () => {
  useTestApp();

  it('holds the allocator’s lease while the repair runs, and gives it back after', async () => {
    const course = await make.course();
    const key = String(course._id);
    const result = await withCourseHeld(course._id, async () => {
      assert.equal(await takeLease(key, 'someone-else'), false, 'the allocator cannot take it meanwhile');
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(await takeLease(key, 'someone-else'), true, 'released after');
    await releaseLease(key, 'someone-else');
  });

  it('refuses while the course has an intent open, and has the allocator decide it after', async () => {
    const course = await make.course();
    const trainee = await writeApplication(course, 'apply:course-lease-test');
    let ran = false;
    await assert.rejects(
      withCourseHeld(course._id, async () => {
        ran = true;
      }),
      notRepaired(/still being decided/),
    );
    assert.equal(ran, false);
    await allocatorsIdle();
    assert.equal(await ActionIntent.countDocuments({ course: course._id }), 0);
    assert.equal((await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean())?.status, 'enrolled');
  });

  it('gives up after a few seconds while another holder keeps the lease', async function () {
    this.timeout(15_000);
    const course = await make.course();
    assert.equal(await takeLease(String(course._id), 'busy-allocator'), true);
    try {
      await assert.rejects(
        withCourseHeld(course._id, async () => undefined),
        notRepaired(/deciding its applications right now/),
      );
    } finally {
      await releaseLease(String(course._id), 'busy-allocator');
    }
  });
});
