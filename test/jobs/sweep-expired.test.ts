import assert from 'node:assert/strict';
import { ClashDecision } from '../../models/clash-decision';
import { LoginAttempt } from '../../models/login-attempt';
import { MailMessage } from '../../models/mail-message';
import { PasswordToken } from '../../models/password-token';
import { PendingRegistration } from '../../models/pending-registration';
import { RateUse } from '../../models/rate-use';
import { SessionRecord } from '../../models/session-record';
import { sweepExpired } from '../../server/jobs/sweep-expired';
import { ceilToHour, hourMs } from '../../server/lib/clock';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { defaultPassword, make } from '../support/factories';

describe('sweeping expired sessions and login attempts', () => {
  const ctx = useTestApp();
  const thisHour = Math.floor(Date.now() / hourMs) * hourMs;
  const at = (hoursFromNow: number) => new Date(thisHour + hoursFromNow * hourMs);

  async function insertSessions(expiries: Record<string, Date>) {
    await SessionRecord.collection.insertMany(
      Object.entries(expiries).map(([_id, expires]) => ({ _id, expires, session: { cookie: {} } }) as never),
    );
  }
  const sessionIds = async () => (await SessionRecord.find({}, { _id: 1 }).lean()).map((s) => s._id).sort();

  beforeEach(async () => {
    await SessionRecord.deleteMany({});
    await LoginAttempt.deleteMany({});
    await RateUse.deleteMany({});
  });

  it('deletes, hour by hour, the sessions, login attempts and rate-limit uses that expired since the last sweep, and nothing else', async () => {
    await insertSessions({ expiredEarlier: at(-1), expiredNow: at(0), later: at(1), muchLater: at(24 * 7) });
    await LoginAttempt.create([
      { account: 'old@example.kr', address: '192.0.2.1', at: at(-25), hour: at(-25), sweepAt: at(-1) },
      { account: 'new@example.kr', address: '192.0.2.1', at: at(-1), hour: at(-1), sweepAt: at(23) },
    ]);
    await RateUse.create([
      { _id: 'reset-ip:old#0@0', bucket: 'reset-ip:old', slot: 0, at: at(-2), sweepAt: at(0) },
      { _id: 'reset-ip:new#0@0', bucket: 'reset-ip:new', slot: 0, at: at(0), sweepAt: at(1) },
    ]);
    await sweepExpired.run({ start: at(0), previous: at(-1) });
    assert.deepEqual(await sessionIds(), ['later', 'muchLater']);
    assert.deepEqual(
      (await LoginAttempt.find().lean()).map((a) => a.account),
      ['new@example.kr'],
    );
    assert.deepEqual(
      (await RateUse.find().lean()).map((u) => u.bucket),
      ['reset-ip:new'],
    );
  });

  it('deletes expired set-password, reset and activation links, keeping the ones still valid', async () => {
    const trainee = await make.trainee();
    await PasswordToken.create([
      { tokenHash: 'expired-reset', user: trainee._id, purpose: 'reset', expiresAt: new Date(thisHour - 60_000) },
      { tokenHash: 'valid-set', user: trainee._id, purpose: 'set', expiresAt: at(72) },
    ]);
    const pending = {
      email: 'pending@example.kr',
      name: '대기',
      passwordHash: defaultPassword,
      locale: 'ko',
      trainee: { category: 'student' },
    };
    await PendingRegistration.create([
      { ...pending, tokenHash: 'expired-activation', expiresAt: new Date(thisHour - 60_000) },
      { ...pending, tokenHash: 'valid-activation', expiresAt: at(24) },
    ]);
    await sweepExpired.run({ start: at(0), previous: at(-1) });
    assert.deepEqual(
      (await PasswordToken.find({ user: trainee._id }).lean()).map((t) => t.tokenHash),
      ['valid-set'],
    );
    assert.deepEqual(
      (await PendingRegistration.find({ email: pending.email }).lean()).map((p) => p.tokenHash),
      ['valid-activation'],
    );
  });

  it('deletes mail that failed over thirty days ago and clash decisions older than a day, keeping pending mail', async () => {
    const message = { to: 'x@example.kr', name: '엑스', locale: 'ko', kind: 'passwordReset' };
    await MailMessage.create([
      { ...message, state: 'failed', lastError: 'old', createdAt: at(-31 * 24) },
      { ...message, state: 'failed', lastError: 'recent', createdAt: at(-29 * 24) },
      { ...message, state: 'pending', lastError: 'stuck', createdAt: at(-40 * 24) },
    ]);
    await ClashDecision.create([
      { _id: 'a@1|b@1', at: at(-25) },
      { _id: 'c@1|d@1', at: at(-1) },
    ]);
    await sweepExpired.run({ start: at(0), previous: at(-1) });
    assert.deepEqual((await MailMessage.find({ to: message.to }).lean()).map((m) => m.lastError).sort(), [
      'recent',
      'stuck',
    ]);
    assert.deepEqual(
      (await ClashDecision.find().lean()).map((d) => d._id),
      ['c@1|d@1'],
    );
  });

  it('deletes by range on its first run, which also removes sessions stored before expiries were rounded', async () => {
    await insertSessions({
      unrounded: new Date(thisHour - 5 * 60_000),
      rounded: at(-3),
      alive: new Date(Date.now() + 60_000),
    });
    await sweepExpired.run({ start: at(0) });
    assert.deepEqual(await sessionIds(), ['alive']);
  });

  it('removes a signed-in session once its absolute limit has passed', async () => {
    const trainee = await make.trainee();
    await loginAgent(ctx.app, trainee.email);
    const [stored] = await SessionRecord.find({ 'session.passport.user': String(trainee._id) }).lean();
    const expires = stored!.expires!.getTime();
    assert.equal(expires, ceilToHour(expires));
    await sweepExpired.run({ start: new Date(expires - hourMs), previous: new Date(expires - 2 * hourMs) });
    assert.equal(await SessionRecord.countDocuments({ _id: stored!._id }), 1, 'not yet');
    await sweepExpired.run({ start: new Date(expires), previous: new Date(expires - hourMs) });
    assert.equal(await SessionRecord.countDocuments({ _id: stored!._id }), 0);
  });
});
