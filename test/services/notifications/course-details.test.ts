import assert from 'node:assert/strict';
import { courseAudience, firstSessionParams } from '../../../server/services/notifications/course-details';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('notifications/course-details: who a course’s news reaches and what it says of the start', () => {
  useTestApp();

  it('reaches the enrolled, pending and waitlisted trainees, and no one who left or finished', async () => {
    const course = await make.course({ capacity: 5 });
    const reached = [];
    for (const status of ['enrolled', 'pending', 'waitlisted'] as const) {
      const trainee = await make.trainee();
      await make.enrollment(course, trainee, status);
      reached.push(String(trainee._id));
    }
    for (const status of ['withdrawn', 'rejected', 'completed'] as const)
      await make.enrollment(course, await make.trainee(), status);
    assert.deepEqual((await courseAudience(course._id)).map(String).sort(), reached.sort());
  });

  it('names the first session’s day, times and venue and the calendar file, and nothing without sessions', async () => {
    const course = await make.course({ days: ['2031-04-03', '2031-04-01'], hours: { start: '19:00', end: '21:00' } });
    assert.deepEqual(firstSessionParams(course), {
      firstDate: '2031-04-01',
      firstStart: '19:00',
      firstEnd: '21:00',
      venue: '포항가속기연구소',
      calendar: `/courses/${String(course._id)}/calendar.ics`,
    });
    assert.deepEqual(firstSessionParams({ _id: course._id, sessions: [] }), {});
  });
});
