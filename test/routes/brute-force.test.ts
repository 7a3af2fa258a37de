import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { User } from '../../models/user';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { createTrainee, defaultPassword } from '../support/factories';
import { html } from '../support/html';

describe('login lockout per account', () => {
  const ctx = useTestApp();

  async function attempt(email: string, password: string) {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    return agent.post('/login').type('form').send({ _csrf: token, email, password });
  }

  it('locks the account after five wrong passwords, even against the right one, with a clear message', async () => {
    const trainee = await createTrainee();
    for (let i = 0; i < 4; i++) assert.equal((await attempt(trainee.email, `wrong ${i}`)).status, 401);
    const fifth = await attempt(trainee.email, 'wrong 5');
    assert.equal(fifth.status, 423);
    assert.match(html(fifth.text)('.form-errors').text(), /계정이 잠시 잠겼습니다. 15분 후에/);
    const right = await attempt(trainee.email, defaultPassword);
    assert.equal(right.status, 423);
    assert.equal(right.headers.location, undefined);
    const user = await User.findById(trainee._id).lean();
    assert.ok(user?.lockedUntil && user.lockedUntil > new Date());
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.locked', targetId: trainee._id }), 1);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.login_failed', targetId: trainee._id }), 6);
  });

  it('lets the user in again once the lock has expired, and resets the counter', async () => {
    const trainee = await createTrainee();
    await User.updateOne({ _id: trainee._id }, { $set: { lockedUntil: new Date(Date.now() - 1000), failedLogins: 0 } });
    const res = await attempt(trainee.email, defaultPassword);
    assert.equal(res.status, 303);
    const user = await User.findById(trainee._id).lean();
    assert.equal(user?.failedLogins, 0);
    assert.equal(user?.lockedUntil ?? undefined, undefined);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.login', targetId: trainee._id }), 1);
  });

  it('forgets earlier failures after a successful login', async () => {
    const trainee = await createTrainee();
    for (let i = 0; i < 3; i++) await attempt(trainee.email, `wrong ${i}`);
    assert.equal((await attempt(trainee.email, defaultPassword)).status, 303);
    for (let i = 0; i < 3; i++) assert.equal((await attempt(trainee.email, `wrong ${i}`)).status, 401);
  });

  it('keeps the generic message for unknown emails and records the attempt', async () => {
    for (let i = 0; i < 6; i++) {
      const res = await attempt('ghost@example.kr', 'whatever');
      assert.equal(res.status, 401);
      assert.match(html(res.text)('.form-errors').text(), /이메일 또는 비밀번호가 올바르지 않습니다/);
    }
    const failed = await AuditEvent.find({ action: 'auth.login_failed', 'meta.email': 'ghost@example.kr' }).lean();
    assert.equal(failed.length, 6);
  });

  it('refuses a deactivated account with the generic message', async () => {
    const trainee = await createTrainee();
    await User.updateOne({ _id: trainee._id }, { $set: { active: false } });
    const res = await attempt(trainee.email, defaultPassword);
    assert.equal(res.status, 401);
    assert.match(html(res.text)('.form-errors').text(), /이메일 또는 비밀번호가 올바르지 않습니다/);
  });
});
