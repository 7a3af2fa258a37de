import assert from 'node:assert/strict';
import { MailMessage } from '../../models/mail-message';
import { Notification } from '../../models/notification';
import { OutcomeDue } from '../../models/outcome-due';
import { OutcomeRequest } from '../../models/outcome-request';
import { askOutcomes } from '../../server/jobs/ask-outcomes';
import { startJobs } from '../../server/jobs/runner';
import { addDays, seoulDayOf } from '../../server/lib/calendar';
import { clock as appClock, dayMs } from '../../server/lib/clock';
import { createLogger } from '../../server/logger';
import { useTestApp } from '../support/app';
import { useClock } from '../support/clock';
import { dayFromNow, make } from '../support/factories';

describe('asking for outcomes (job)', () => {
  useTestApp();
  const clock = useClock();
  const logger = createLogger('silent');
  const today = () => seoulDayOf(Math.floor(appClock.now() / dayMs) * dayMs);

  async function completion(spec: { followUp: boolean; status?: 'completed' | 'not_completed' }) {
    const course = await make.course({ status: 'completed', days: [dayFromNow(-100), dayFromNow(-99)] });
    const trainee = await make.trainee({ followUp: spec.followUp });
    const enrollment = await make.enrollment(course, trainee, spec.status ?? 'completed');
    return { course, trainee, enrollment };
  }

  it('asks each consenting trainee whose round is due once, by notice and email, across two runs and two instances', async () => {
    const asked = await completion({ followUp: true });
    const noConsent = await completion({ followUp: false });
    const revoked = await completion({ followUp: true, status: 'not_completed' });
    const later = await completion({ followUp: true });
    const due = (c: { trainee: { _id: unknown }; enrollment: { _id: unknown } }, round: number, dueDay: string) => ({
      enrollment: c.enrollment._id,
      trainee: c.trainee._id,
      round,
      dueDay,
    });
    const day = today();
    await OutcomeDue.create([
      due(asked, 3, day),
      due(noConsent, 3, day),
      due(revoked, 3, day),
      due(later, 6, addDays(day, 1)),
    ]);

    const instances = ['a', 'b'].map((instance) =>
      startJobs([askOutcomes], { logger, instance, checkEveryMs: 3_600_000 }),
    );
    try {
      await Promise.all(instances.map((i) => i.tick()));
      assert.deepEqual(
        (await OutcomeRequest.find().lean()).map((r) => [String(r.trainee), r.round]),
        [[String(asked.trainee._id), 3]],
      );
      // A due written for the day just visited (a completion racing the run) is seen by the next run.
      await OutcomeDue.create(due(asked, 3, day));
      clock.advance(dayMs);
      await Promise.all(instances.map((i) => i.tick()));
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
    }

    const requests = await OutcomeRequest.find().lean();
    assert.deepEqual(requests.map((r) => [String(r.trainee), r.round]).sort(), [
      [String(asked.trainee._id), 3],
      [String(later.trainee._id), 6],
    ]);
    const notices = await Notification.find({ kind: 'outcomeFollowUp' }).lean();
    assert.deepEqual(
      notices.map((n) => String(n.user)).sort(),
      [String(asked.trainee._id), String(later.trainee._id)].sort(),
    );
    const mine = notices.find((n) => String(n.user) === String(asked.trainee._id));
    assert.equal(mine?.link, `/me/outcomes/${String(asked.enrollment._id)}/3`);
    assert.equal(await MailMessage.countDocuments({ kind: 'outcomeFollowUp' }), 2);
    assert.equal(await OutcomeDue.countDocuments(), 0, 'every visited due is removed');
  });
});
