import assert from 'node:assert/strict';
import { AuditEvent } from '../../models/audit-event';
import { Enrollment } from '../../models/enrollment';
import { User } from '../../models/user';
import { runMigration } from '../../server/db/migrations';
import { lastActiveDays } from '../../server/db/migrations/002-last-active-days';
import { expireInactive } from '../../server/jobs/expire-inactive';
import { startJobs } from '../../server/jobs/runner';
import { addDays, seoulDayOf } from '../../server/lib/calendar';
import { clock as appClock, dayMs } from '../../server/lib/clock';
import { createLogger } from '../../server/logger';
import { useTestApp } from '../support/app';
import { useClock } from '../support/clock';
import { make } from '../support/factories';

describe('anonymising inactive trainees (job)', () => {
  useTestApp();
  const clock = useClock();
  const logger = createLogger('silent');
  const retentionDays = 365;
  const today = () => seoulDayOf(Math.floor(appClock.now() / dayMs) * dayMs);
  const lastActive = async (user: { _id: unknown }, day: string) =>
    User.updateOne({ _id: user._id }, { $set: { lastActiveDay: day } });

  it('anonymises, day by day, the trainees last active longer ago than the retention period, and audits each', async () => {
    const runner = startJobs([expireInactive(retentionDays)], { logger, instance: 'a', checkEveryMs: 3_600_000 });
    try {
      await runner.tick(); // the first run, which looks by range, on an empty set
      const expired = await make.trainee({ name: '오래전' });
      const borderline = await make.trainee({ name: '딱맞춤' });
      const recent = await make.trainee({ name: '최근' });
      const running = await make.trainee({ name: '수강중' });
      const staff = await make.staff('postech');
      await make.enrollment(await make.course(), running, 'enrolled');
      const tomorrow = addDays(today(), 1);
      // Tomorrow, `expired` has been inactive for retentionDays + 1 days; `borderline` for exactly retentionDays.
      await lastActive(expired, addDays(tomorrow, -retentionDays - 1));
      await lastActive(borderline, addDays(tomorrow, -retentionDays));
      await lastActive(recent, addDays(tomorrow, -10));
      await lastActive(running, addDays(tomorrow, -retentionDays - 1));
      await lastActive(staff, addDays(tomorrow, -retentionDays - 1));

      clock.advance(dayMs);
      await runner.tick();
      const names = async () =>
        (await User.find({ _id: { $in: [expired._id, borderline._id, recent._id, running._id, staff._id] } }).lean())
          .map((u) => u.name)
          .sort();
      assert.deepEqual(
        (await names()).filter((n) => !n.startsWith('ANON-')).sort(),
        ['딱맞춤', '수강중', '최근', staff.name].sort(),
      );
      const gone = await User.findById(expired._id).lean();
      assert.match(gone?.name ?? '', /^ANON-/);
      assert.equal(gone?.active, false);
      assert.equal(await AuditEvent.countDocuments({ action: 'user.anonymise_inactive', targetId: expired._id }), 1);

      clock.advance(dayMs);
      await runner.tick();
      assert.match(
        (await User.findById(borderline._id).lean())?.name ?? '',
        /^ANON-/,
        'a day later its time is up too',
      );
      assert.equal((await User.findById(recent._id).lean())?.name, '최근');
      assert.equal(
        await AuditEvent.countDocuments({ action: 'user.anonymise_inactive', targetId: expired._id }),
        1,
        'once',
      );
      // The trainee still in a course counted as active on the day their time was up: their period starts again.
      assert.equal((await User.findById(running._id).lean())?.lastActiveDay, tomorrow);
      await Enrollment.updateOne({ trainee: running._id }, { $set: { status: 'completed' } });
      clock.advance((retentionDays + 1) * dayMs);
      await runner.tick();
      assert.match(
        (await User.findById(running._id).lean())?.name ?? '',
        /^ANON-/,
        'found again once the course is over',
      );
    } finally {
      await runner.stop();
    }
  });

  it('gives accounts of earlier versions, which had no last active day, the day of their last sign-in or sign-up (once)', async () => {
    const signedIn = await make.trainee({ name: '예전로그인' });
    const neverSignedIn = await make.trainee({ name: '예전가입' });
    const lastLoginAt = new Date('2025-03-04T01:00:00Z');
    await User.collection.updateOne({ _id: signedIn._id }, { $unset: { lastActiveDay: 1 }, $set: { lastLoginAt } });
    await User.collection.updateOne(
      { _id: neverSignedIn._id },
      { $unset: { lastActiveDay: 1, lastLoginAt: 1 }, $set: { createdAt: new Date('2024-12-31T16:00:00Z') } },
    );
    assert.equal(await runMigration(lastActiveDays), 2);
    assert.equal((await User.findById(signedIn._id).lean())?.lastActiveDay, '2025-03-04');
    assert.equal((await User.findById(neverSignedIn._id).lean())?.lastActiveDay, '2025-01-01', 'the Seoul day');
    await User.collection.updateOne({ _id: signedIn._id }, { $unset: { lastActiveDay: 1 } });
    assert.equal(await runMigration(lastActiveDays), 0, 'a finished backfill does not scan again');
  });
});
