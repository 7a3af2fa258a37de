import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { LoginAttempt } from '../../models/login-attempt';
import { deviceCookieName } from '../../server/auth/device-cookie';
import { csrfToken, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { minutes, useClock } from '../support/clock';
import { defaultPassword, make } from '../support/factories';
import { html } from '../support/html';

// Addresses come from X-Forwarded-For, as behind the reverse proxy TRUST_PROXY is meant for.
describe('login throttling', () => {
  const ctx = useTestApp({ TRUST_PROXY: '1' });
  const clock = useClock();
  let nextAddress = 1;
  /** An address no other test uses. */
  const freshAddress = () => `198.51.100.${nextAddress++}`;

  async function browser(): Promise<{ agent: Agent; token: string }> {
    const agent = request.agent(ctx.app);
    return { agent, token: await csrfToken(agent) };
  }

  /** One login post; a new browser unless one is given. */
  async function attempt(email: string, password: string, ip: string, from?: { agent: Agent; token: string }) {
    const { agent, token } = from ?? (await browser());
    const res = await agent
      .post('/login')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: token, email, password });
    return { status: res.status, message: html(res.text)('.form-errors p').last().text(), res };
  }

  /** A browser the user has signed in with (it holds a device cookie), signed out again. */
  async function trustedBrowser(email: string, ip: string) {
    const from = await browser();
    const login = await attempt(email, defaultPassword, ip, from);
    assert.equal(login.status, 303);
    assert.ok(
      String(login.res.headers['set-cookie']).includes(`${deviceCookieName}=`),
      'a device cookie is set at login',
    );
    await from.agent
      .post('/logout')
      .type('form')
      .send({ _csrf: await csrfToken(from.agent, '/') });
    return { agent: from.agent, token: await csrfToken(from.agent) };
  }

  it('locks an account for an address after five wrong passwords, saying for how long; the right password waits too', async () => {
    const trainee = await make.trainee();
    const ip = freshAddress();
    for (let i = 0; i < 4; i++) assert.equal((await attempt(trainee.email, `wrong ${i}`, ip)).status, 401);
    const fifth = await attempt(trainee.email, 'wrong 4', ip);
    assert.equal(fifth.status, 423);
    assert.match(fifth.message, /계정이 잠시 잠겼습니다. 15분 후에/);
    assert.equal((await attempt(trainee.email, defaultPassword, ip)).status, 423);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.locked', targetId: trainee._id }), 1);
    clock.advance(minutes(15));
    assert.equal((await attempt(trainee.email, defaultPassword, ip)).status, 303);
  });

  it('lets a right password from a shared address in after many strangers failed there', async () => {
    const nat = freshAddress();
    for (let i = 0; i < 49; i++) assert.equal((await attempt(`stranger${i}@example.kr`, 'guess', nat)).status, 401);
    // Retrying counts the account once.
    for (let i = 0; i < 3; i++) assert.equal((await attempt('stranger0@example.kr', `again ${i}`, nat)).status, 401);
    const trainee = await make.trainee();
    assert.equal((await attempt(trainee.email, defaultPassword, nat)).status, 303);
  });

  it('throttles an address that fails for many accounts, the right password too, but not a browser trusted for the account', async () => {
    const trainee = await make.trainee();
    const attacker = freshAddress();
    const trusted = await trustedBrowser(trainee.email, attacker);
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push((await attempt(`victim${i}@example.kr`, 'Password1!', attacker)).status);
    assert.deepEqual(answers, [...Array<number>(49).fill(401), 429]);
    const blocked = await attempt(trainee.email, defaultPassword, attacker);
    assert.equal(blocked.status, 429);
    assert.match(blocked.message, /이 주소에서 로그인 시도가 너무 많습니다. 60분 후에/);
    assert.equal((await attempt(trainee.email, defaultPassword, attacker, trusted)).status, 303);
    assert.equal((await attempt(trainee.email, defaultPassword, freshAddress())).status, 303);
    clock.advance(minutes(60));
    assert.equal((await attempt(trainee.email, defaultPassword, attacker)).status, 303);
  });

  it("keeps a user's trusted browser working while strangers lock the account for every other browser", async () => {
    const trainee = await make.trainee();
    const home = freshAddress();
    const trusted = await trustedBrowser(trainee.email, home);
    for (let i = 0; i < 5; i++) await attempt(trainee.email, `from home ${i}`, home);
    for (let i = 0; i < 10; i++) await attempt(trainee.email, `from elsewhere ${i}`, freshAddress());
    assert.equal((await attempt(trainee.email, defaultPassword, home)).status, 423);
    assert.equal((await attempt(trainee.email, defaultPassword, freshAddress())).status, 423);
    assert.equal((await attempt(trainee.email, defaultPassword, home, trusted)).status, 303);
  });

  it('gives a trusted browser a limit of its own, and trusts no cookie made for another account', async () => {
    const trainee = await make.trainee();
    const other = await make.trainee();
    const ip = freshAddress();
    const trusted = await trustedBrowser(trainee.email, ip);
    for (let i = 0; i < 4; i++) assert.equal((await attempt(trainee.email, `typo ${i}`, ip, trusted)).status, 401);
    assert.equal((await attempt(trainee.email, 'typo 4', ip, trusted)).status, 423);
    assert.equal((await attempt(trainee.email, defaultPassword, ip, trusted)).status, 423);
    // Its failures were its own: any other browser at the same address is not locked.
    assert.equal((await attempt(trainee.email, defaultPassword, ip)).status, 303);

    const otherBrowser = await trustedBrowser(other.email, freshAddress());
    const victimAddress = freshAddress();
    for (let i = 0; i < 5; i++) await attempt(trainee.email, `guess ${i}`, victimAddress, otherBrowser);
    assert.equal((await attempt(trainee.email, defaultPassword, victimAddress, otherBrowser)).status, 423);
  });

  it('slows a guesser spread over many addresses with growing waits, capped at fifteen minutes', async () => {
    const trainee = await make.trainee();
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await attempt(trainee.email, `spread ${i}`, freshAddress())).status);
    assert.deepEqual(answers, [...Array<number>(9).fill(401), 423]);
    const waits = [];
    for (let i = 0; i < 6; i++) {
      const refused = await attempt(trainee.email, defaultPassword, freshAddress());
      assert.equal(refused.status, 423);
      const wait = Number(/(\d+)분 후에/.exec(refused.message)?.[1]);
      waits.push(wait);
      clock.advance(minutes(wait));
      assert.equal((await attempt(trainee.email, `spread again ${i}`, freshAddress())).status, 423);
    }
    assert.deepEqual(waits, [1, 2, 4, 8, 15, 15]);
  });

  it('lets simultaneous guesses check no more passwords than the limit allows', async () => {
    const trainee = await make.trainee();
    const ip = freshAddress();
    const browsers = await Promise.all(Array.from({ length: 12 }, () => browser()));
    const answers = await Promise.all(browsers.map((b, i) => attempt(trainee.email, `burst ${i}`, ip, b)));
    assert.ok(answers.every((a) => a.status === 401 || a.status === 423));
    // Every attempt that checked a password is kept as a failure; refused ones are not. Each
    // attempt sees the others in flight, so a burst may even be refused whole.
    const checked = await LoginAttempt.countDocuments({ account: trainee.email });
    assert.ok(checked <= 5, `${checked} passwords were checked`);
    assert.equal((await attempt(trainee.email, defaultPassword, ip)).status, checked === 5 ? 423 : 303);
  });

  it("forgets an account's failures after a successful login", async () => {
    const trainee = await make.trainee();
    const ip = freshAddress();
    for (let i = 0; i < 4; i++) await attempt(trainee.email, `wrong ${i}`, ip);
    assert.equal((await attempt(trainee.email, defaultPassword, ip)).status, 303);
    assert.equal(await LoginAttempt.countDocuments({ account: trainee.email }), 0);
    for (let i = 0; i < 4; i++) assert.equal((await attempt(trainee.email, `wrong ${i}`, ip)).status, 401);
  });
});
