import assert from 'node:assert/strict';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { heldWaitlistRanks, waitlistRanks } from '../../../server/services/course-base/waitlist-ranks';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';

describe('course-base/waitlist-ranks: each waiting trainee’s place in the queue', () => {
  useTestApp();

  it('numbers the waitlisted enrollments from 1 in the order they joined, and closes the gap when one leaves', async () => {
    // Two seats, five applicants: the last three wait, in order.
    const { course, applied } = await courseWithApplications(5);
    const waiting = applied.slice(2).map((a) => a.enrollmentId);
    const ranks = await waitlistRanks(course._id);
    assert.deepEqual(
      waiting.map((id) => ranks.get(String(id))),
      [1, 2, 3],
    );
    assert.equal(ranks.size, 3);
    await WaitlistEntry.deleteOne({ enrollment: waiting[0] });
    const after = await waitlistRanks(String(course._id));
    assert.deepEqual(
      waiting.map((id) => after.get(String(id))),
      [undefined, 1, 2],
    );
  });

  it('holds the ranks for pages until a waitlist entry is written, then shows the queue as it is', async () => {
    const { course, applied } = await courseWithApplications(4);
    const waiting = applied.slice(2).map((a) => String(a.enrollmentId));
    const first = await heldWaitlistRanks(course._id);
    assert.equal(await heldWaitlistRanks(String(course._id)), first, 'the same ranks, not read again');
    assert.deepEqual(
      waiting.map((id) => first.get(id)),
      [1, 2],
    );
    await WaitlistEntry.deleteOne({ enrollment: waiting[0] });
    const after = await heldWaitlistRanks(course._id);
    assert.deepEqual(
      waiting.map((id) => after.get(id)),
      [undefined, 1],
    );
  });
});
