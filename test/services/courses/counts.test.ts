import assert from 'node:assert/strict';
import { countCourse, withCount, withCounts } from '../../../server/services/courses/counts';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';
import { make } from '../../support/factories';

describe('courses/counts: seats taken and waitlist length, counted', () => {
  useTestApp();

  it('counts each course’s seats and waitlist and the seats left, never below zero', async () => {
    const { course: full } = await courseWithApplications(4, { capacity: 2 });
    const empty = await make.course({ capacity: 7 });
    assert.deepEqual(await countCourse(full._id), { seatsTaken: 2, waitlisted: 2 });
    const [a, b] = await withCounts([
      { _id: full._id, capacity: 2 },
      { _id: empty._id, capacity: 7 },
    ]);
    assert.deepEqual(a, { _id: full._id, capacity: 2, seatsTaken: 2, waitlisted: 2, seatsLeft: 0 });
    assert.deepEqual(b, { _id: empty._id, capacity: 7, seatsTaken: 0, waitlisted: 0, seatsLeft: 7 });
    // Capacity lowered below the seats taken: none left, not a negative number.
    assert.equal(withCount({ capacity: 1 }, { seatsTaken: 3, waitlisted: 0 }).seatsLeft, 0);
  });
});
