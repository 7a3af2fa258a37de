import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { CourseLease } from '../../../models/course-lease';
import { leaseMs, releaseLease, renewLease, takeLease } from '../../../server/services/allocation/lease';
import { useTestApp } from '../../support/app';

describe("a course's allocator lease", () => {
  useTestApp();

  it('is held by one holder at a time, and renewed only by it', async () => {
    const course = String(new Types.ObjectId());
    const now = Date.now();
    assert.equal(await takeLease(course, 'instance-a', now), true);
    assert.equal(await takeLease(course, 'instance-b', now + 1), false);
    assert.equal(await renewLease(course, 'instance-b', now + 2), false);
    assert.equal(await renewLease(course, 'instance-a', now + 2), true);
    assert.equal((await CourseLease.findById(course).lean())?.expiresAt.getTime(), now + 2 + leaseMs);
  });

  it('is taken over once expired, and the old holder then finds it gone', async () => {
    const course = String(new Types.ObjectId());
    const now = Date.now();
    await takeLease(course, 'dead-instance', now);
    assert.equal(await takeLease(course, 'instance-b', now + leaseMs - 1), false, 'not before it expires');
    assert.equal(await takeLease(course, 'instance-b', now + leaseMs + 1), true);
    assert.equal(await renewLease(course, 'dead-instance', now + leaseMs + 2), false);
    assert.equal((await CourseLease.findById(course).lean())?.holder, 'instance-b');
  });

  it('is taken back at once by its own holder, whose run could not release it', async () => {
    const course = String(new Types.ObjectId());
    const now = Date.now();
    await takeLease(course, 'instance-a', now);
    assert.equal(await takeLease(course, 'instance-a', now + 5), true);
    assert.equal((await CourseLease.findById(course).lean())?.expiresAt.getTime(), now + 5 + leaseMs);
    assert.equal(await takeLease(course, 'instance-b', now + 6), false);
  });

  it('is released only by its holder', async () => {
    const course = String(new Types.ObjectId());
    await takeLease(course, 'instance-a');
    await releaseLease(course, 'instance-b');
    assert.equal((await CourseLease.findById(course).lean())?.holder, 'instance-a');
    await releaseLease(course, 'instance-a');
    assert.equal(await CourseLease.findById(course).lean(), null);
    assert.equal(await takeLease(course, 'instance-b'), true);
  });
});
