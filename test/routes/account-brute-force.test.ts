import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { User } from '../../models/user';
import { authenticate } from '../../server/services/accounts/auth';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { defaultPassword, make } from '../support/factories';
import { html } from '../support/html';

/**
 * Keeps every thread of libuv's pool busy for about `ms` and resolves with the time the first
 * one is free again. A password check (argon2 runs on that pool) started meanwhile ends after it,
 * however busy the machine: a deterministic way to tell whether an answer checked a password.
 */
function occupyThreadPool(ms: number): Promise<number> {
  const probe = 20_000;
  const started = performance.now();
  crypto.pbkdf2Sync('x', 'y', probe, 32, 'sha256');
  const iterations = Math.ceil((probe * ms) / Math.max(1, performance.now() - started));
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  const done = Array.from(
    { length: threads },
    () =>
      new Promise<number>((resolve) =>
        crypto.pbkdf2('x', 'y', iterations, 32, 'sha256', () => resolve(performance.now())),
      ),
  );
  return Promise.all(done).then((times) => Math.min(...times));
}

describe('login answers say nothing about whether an account exists', () => {
  const ctx = useTestApp({ TRUST_PROXY: '1' });
  let nextAddress = 1;

  async function attempt(email: string, password: string, ip: string) {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const started = process.hrtime.bigint();
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: token, email, password });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return { status: res.status, message: html(res.text)('.form-errors p').last().text(), ms };
  }

  /** Five wrong passwords from one address, then seven more from as many others: the pair rule, then the account rule. */
  async function failureSequence(email: string) {
    const home = `203.0.113.${nextAddress++}`;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await attempt(email, `wrong ${i}`, home));
    for (let i = 0; i < 7; i++)
      answers.push(await attempt(email, `wrong elsewhere ${i}`, `203.0.113.${nextAddress++}`));
    return answers;
  }

  it('gives an unknown email the same statuses and messages as a real account through a whole run of failures', async () => {
    const trainee = await make.trainee();
    const real = await failureSequence(trainee.email);
    const unknown = await failureSequence('nobody-here@example.kr');
    const shape = (answers: typeof real) => answers.map(({ status, message }) => `${status} ${message}`);
    assert.deepEqual(shape(unknown), shape(real));
    assert.deepEqual(
      real.map((a) => a.status),
      [401, 401, 401, 401, 423, 423, 401, 401, 401, 401, 423, 423, 423],
    );
    assert.match(real[4]!.message, /계정이 잠시 잠겼습니다. 15분 후에/);
    assert.match(real[10]!.message, /계정이 잠시 잠겼습니다. 1분 후에/);
    assert.equal(
      await AuditEvent.countDocuments({ action: 'auth.login_failed', 'meta.email': 'nobody-here@example.kr' }),
      10,
    );
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.locked', 'meta.email': 'nobody-here@example.kr' }), 2);
  });

  it('checks a password for an unknown email too, so its answer takes as long', async () => {
    const trainee = await make.trainee();
    for (const email of [trainee.email, 'ghost@example.kr']) {
      const poolFree = occupyThreadPool(200);
      const answered = authenticate({ email, password: 'a wrong password', ip: `203.0.113.${nextAddress++}` }).then(
        () => performance.now(),
      );
      const [free, done] = await Promise.all([poolFree, answered]);
      assert.ok(done >= free, `${email}: answered ${(free - done).toFixed(0)} ms before a password could be checked`);
    }
  });

  it('tells a deactivated account so only after the right password', async () => {
    const trainee = await make.trainee();
    await User.updateOne({ _id: trainee._id }, { $set: { active: false } });
    const wrong = await attempt(trainee.email, 'wrong password', `203.0.113.${nextAddress++}`);
    assert.equal(wrong.status, 401);
    assert.match(wrong.message, /이메일 또는 비밀번호가 올바르지 않습니다/);
    const right = await attempt(trainee.email, defaultPassword, `203.0.113.${nextAddress++}`);
    assert.equal(right.status, 403);
    assert.match(right.message, /비활성화된 계정입니다/);
  });
});
