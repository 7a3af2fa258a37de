import assert from 'node:assert/strict';
import { Notification } from '../../../models/notification';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { notify } from '../../../server/services/notifications/notices';
import { resetFeed } from '../../../server/services/trainee/calendar-feed';
import { buildTraineeDashboard } from '../../../server/services/trainee/trainee-dashboard';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';

describe('trainee/trainee-dashboard: what a trainee sees on /me', () => {
  useTestApp();

  it('groups applications by status, with a waiting place, what may be withdrawn, the coming sessions and notices', async () => {
    const trainee = await make.trainee();
    const actor = toActor(trainee);
    const enrolledIn = await make.course({ days: [dayFromNow(20), dayFromNow(21)] });
    const full = await make.course({ capacity: 1 });
    const done = await make.course({ status: 'completed', days: [dayFromNow(-30)] });
    const left = await make.course();
    await make.enrollment(enrolledIn, trainee, 'enrolled');
    await make.enrollment(full, await make.trainee(), 'enrolled');
    await applyToCourse(actor, String(full._id));
    await allocatorsIdle();
    await make.enrollment(done, trainee, 'not_completed');
    await make.enrollment(left, trainee, 'withdrawn');
    await notify(trainee._id, 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses/x');
    await resetFeed(actor);

    const dashboard = await buildTraineeDashboard(actor);
    const byGroup = Object.fromEntries(
      dashboard.groups.map((g) => [g.key, g.items.map((i) => [String(i.course?._id), i.status])]),
    );
    assert.deepEqual(byGroup, {
      active: [[String(enrolledIn._id), 'enrolled']],
      waitlisted: [[String(full._id), 'waitlisted']],
      finished: [[String(done._id), 'not_completed']],
      inactive: [[String(left._id), 'withdrawn']],
    });
    const items = dashboard.groups.flatMap((g) => g.items);
    const waiting = items.find((i) => i.status === 'waitlisted');
    assert.deepEqual([waiting?.waitlistRank, waiting?.withdrawable], [1, true]);
    assert.equal(items.find((i) => i.status === 'not_completed')?.withdrawable, false);
    assert.equal(items.find((i) => i.status === 'enrolled')?.university?.code, 'postech');
    assert.deepEqual(
      dashboard.upcoming.map((s) => [s.date, String(s.course._id)]),
      [
        [dayFromNow(20), String(enrolledIn._id)],
        [dayFromNow(21), String(enrolledIn._id)],
      ],
    );
    assert.equal(dashboard.awaitingApproval, false);
    assert.deepEqual(
      dashboard.notifications.map((n) => n.kind),
      ['approved'],
    );
    assert.ok(dashboard.calendarFeedSince instanceof Date);
    // Shown notices become read.
    assert.equal(await Notification.countDocuments({ user: trainee._id, unread: true }), 0);
  });
});
