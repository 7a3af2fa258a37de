import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { FormError, NotFoundError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { cancelCourse } from '../../../server/services/courses/lifecycle';
import { applyToCourse } from '../../../server/services/applications/apply';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('applications racing a cancellation', function () {
  this.timeout(120_000);
  useTestApp();

  it('leaves no application open, no seat taken and no waitlist on a course cancelled while trainees apply', async () => {
    const staff = toActor(await make.staff('postech'));
    for (let round = 0; round < 3; round++) {
      const course = await make.course({ university: 'postech', capacity: 8 });
      const trainees = await Promise.all(Array.from({ length: 16 }, () => make.trainee()));
      const applications = trainees.map((t, i) =>
        new Promise((resolve) => setTimeout(resolve, i * 15)).then(() =>
          applyToCourse(toActor(t), String(course._id)).catch((err: unknown) => {
            if (!(err instanceof FormError || err instanceof NotFoundError)) throw err;
          }),
        ),
      );
      const cancellation = new Promise((resolve) => setTimeout(resolve, 60)).then(() =>
        cancelCourse(staff, String(course._id), 'test reason'),
      );
      await Promise.all([...applications, cancellation]);
      const open = await Enrollment.find({
        course: course._id,
        status: { $in: ['pending', 'enrolled', 'waitlisted'] },
      }).lean();
      assert.deepEqual(open, [], `round ${round}: applications still open on a cancelled course`);
      assert.equal(await Seat.countDocuments({ course: course._id }), 0);
      assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
    }
  });
});
