import assert from 'node:assert/strict';
import { Seat } from '../../../models/seat';
import { countSeats, freeSeat } from '../../../server/services/enrollment/seats';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';

describe('enrollment/seats: freeing and counting a course’s seats', () => {
  useTestApp();

  it('counts the seats taken and frees one seat once, however often it is asked', async () => {
    const { course, applied } = await courseWithApplications(3, { capacity: 2 });
    assert.equal(await countSeats(course._id), 2);
    const first = applied[0]!.enrollmentId;
    assert.equal(await freeSeat(course._id, first), true);
    assert.equal(await freeSeat(String(course._id), first), false, 'the second call finds nothing to free');
    assert.equal(await Seat.countDocuments({ enrollment: first }), 0);
    assert.equal(await countSeats(course._id), 1);
    // The waitlisted applicant holds no seat to free.
    assert.equal(await freeSeat(course._id, applied[2]!.enrollmentId), false);
  });
});
