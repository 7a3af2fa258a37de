import assert from 'node:assert/strict';
import { Seat } from '../../../models/seat';
import { countsOf, heldCounts, withCatalogCounts } from '../../../server/services/courses/catalog-counts';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';
import { make } from '../../support/factories';

describe('courses/catalog-counts: the catalog’s seat counts, held per version', () => {
  useTestApp();

  it('counts a published course’s seats and waitlist, and none for a course whose seats can no longer be had', async () => {
    const { course } = await courseWithApplications(3, { capacity: 2 });
    const closed = await make.course({ status: 'closed', capacity: 4 });
    await make.enrollment(closed, await make.trainee(), 'enrolled');
    const [open, shut] = await withCatalogCounts(await heldCounts(), [
      { _id: course._id, capacity: 2, status: 'published' },
      { _id: closed._id, capacity: 4, status: 'closed' },
    ]);
    assert.deepEqual(
      { seatsTaken: open?.seatsTaken, waitlisted: open?.waitlisted, seatsLeft: open?.seatsLeft },
      { seatsTaken: 2, waitlisted: 1, seatsLeft: 0 },
    );
    assert.deepEqual(
      { seatsTaken: shut?.seatsTaken, waitlisted: shut?.waitlisted, seatsLeft: shut?.seatsLeft },
      { seatsTaken: 0, waitlisted: 0, seatsLeft: 4 },
    );
  });

  it('keeps one count per course under a version, and counts again once a seat is written', async () => {
    const course = await make.course({ capacity: 5 });
    await make.enrollment(course, await make.trainee(), 'enrolled');
    const held = await heldCounts();
    assert.equal((await countsOf(held, [course._id, course._id])).get(String(course._id))?.seatsTaken, 1);
    assert.equal(held.size >= 1 && held.has(String(course._id)), true);
    assert.equal(await heldCounts(), held, 'the same version gives the same held counts');
    await make.enrollment(course, await make.trainee(), 'enrolled');
    assert.equal(await Seat.countDocuments({ course: course._id }), 2);
    const fresh = await heldCounts();
    assert.notEqual(fresh, held, 'a seat write changes the version');
    assert.equal((await countsOf(fresh, [course._id])).get(String(course._id))?.seatsTaken, 2);
  });
});
