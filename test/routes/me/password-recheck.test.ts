import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../../models/audit-event';
import { User } from '../../../models/user';
import { csrfToken, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { minutes, useClock } from '../../support/clock';
import { defaultPassword, make } from '../../support/factories';
import { html } from '../../support/html';

// A stolen session must not give unlimited guesses at the password that closing the account and
// changing the password ask for again: those checks count with the login's attempts for the
// account (server/services/accounts/login-throttle.ts). Addresses come from X-Forwarded-For.
describe('the password asked again on /me/close and the password change', () => {
  const ctx = useTestApp({ TRUST_PROXY: '1' });
  const clock = useClock();
  let nextAddress = 1;
  const freshAddress = () => `203.0.113.${nextAddress++}`;

  /** Signs in from `ip` as a browser would; the login's status. */
  async function logIn(email: string, ip: string) {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/login');
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: token, email, password: defaultPassword });
    return { status: res.status, agent };
  }

  async function signIn(email: string, ip: string): Promise<SignedIn> {
    const { status, agent } = await logIn(email, ip);
    assert.equal(status, 303);
    return { agent, csrf: await csrfToken(agent, '/') };
  }

  const closeWith = (as: SignedIn, password: string, ip: string) =>
    as.agent.post('/me/close').set('X-Forwarded-For', ip).type('form').send({ _csrf: as.csrf, password });

  const changeWith = (as: SignedIn, currentPassword: string, ip: string) =>
    as.agent.post('/me/profile/password').set('X-Forwarded-For', ip).type('form').send({
      _csrf: as.csrf,
      currentPassword,
      password: 'cathode-nickel-rich-2026',
      passwordConfirm: 'cathode-nickel-rich-2026',
    });

  it('answers 429 with the wait after five wrong passwords from one address, the right one too, and counts them with logins', async () => {
    const trainee = await make.trainee();
    const ip = freshAddress();
    const thief = await signIn(trainee.email, ip);
    for (let i = 0; i < 4; i++) {
      const res = await closeWith(thief, `guess ${i}`, ip).expect(422);
      assert.equal(html(res.text)('#e-password').text(), '현재 비밀번호가 올바르지 않습니다.');
    }
    const fifth = await closeWith(thief, 'guess 4', ip).expect(429);
    assert.match(html(fifth.text)('.form-errors p').first().text(), /여러 번 틀렸습니다. 15분 후에 다시 시도해 주세요/);
    const retryAfter = Number(fifth.headers['retry-after']);
    assert.ok(retryAfter > 14 * 60 && retryAfter <= 15 * 60, `Retry-After: ${fifth.headers['retry-after']}`);
    assert.equal(html(fifth.text)('form[action="/me/close/confirm"]').length, 0, 'not on to the confirm step');

    // The right password is not even checked now, here or on the password change.
    await closeWith(thief, defaultPassword, ip).expect(429);
    const change = await changeWith(thief, defaultPassword, ip).expect(429);
    assert.match(html(change.text)('.form-errors p').first().text(), /15분 후에/);
    // Counted with the login's attempts: signing in from that address waits too.
    assert.equal((await logIn(trainee.email, ip)).status, 423);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.recheck_failed', targetId: trainee._id }), 5);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.locked', targetId: trainee._id }), 1);

    clock.advance(minutes(15));
    const confirm = await closeWith(thief, defaultPassword, ip).expect(200);
    assert.equal(html(confirm.text)('form[action="/me/close/confirm"]').length, 1);
  });

  it('slows guesses spread over addresses and over both forms, per account, as the login does', async () => {
    const trainee = await make.trainee();
    const thief = await signIn(trainee.email, freshAddress());
    const before = (await User.findById(trainee._id).lean())!.passwordHash;
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await changeWith(thief, `guess ${i}`, freshAddress())).status);
    for (let i = 5; i < 10; i++) answers.push((await closeWith(thief, `guess ${i}`, freshAddress())).status);
    // Ten failures for the account from anywhere, then each further try waits (first a minute).
    assert.deepEqual(answers, [...Array<number>(9).fill(422), 429]);
    const waiting = await changeWith(thief, defaultPassword, freshAddress()).expect(429);
    assert.match(html(waiting.text)('.form-errors p').first().text(), /1분 후에/);
    assert.equal((await User.findById(trainee._id).lean())!.passwordHash, before, 'the password was not changed');

    clock.advance(minutes(1));
    await changeWith(thief, defaultPassword, freshAddress()).expect(303);
  });
});
