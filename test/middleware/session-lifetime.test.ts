import assert from 'node:assert/strict';
import request from 'supertest';
import { SessionRecord } from '../../models/session-record';
import { ceilToHour } from '../../server/lib/clock';
import { sessionCookieName } from '../../server/middleware/session';
import { loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { hours, minutes, useClock } from '../support/clock';
import { make } from '../support/factories';
import { html } from '../support/html';

describe('session lifetimes', () => {
  const ctx = useTestApp();
  const clock = useClock();

  /** Requests `path` every `step` until the session ends; returns how long that took and the redirect. */
  async function useUntilEnded(agent: Agent, path: string, step: number, limit: number) {
    for (let elapsed = 0; elapsed <= limit; elapsed += step) {
      const res = await agent.get(path);
      if (res.status !== 200) return { elapsed, res };
      clock.advance(step);
    }
    throw new Error(`the session was still open after ${limit} ms`);
  }

  async function sessionsOf(userId: unknown) {
    return SessionRecord.find({ 'session.passport.user': String(userId) }).lean();
  }

  it('ends a staff session after 30 idle minutes, and sends the user to log in again with a message, returning afterwards', async () => {
    const staff = await make.staff('postech');
    const { agent } = await loginAgent(ctx.app, staff.email);
    assert.equal((await agent.get('/manage')).status, 200);
    clock.advance(minutes(29));
    assert.equal((await agent.get('/manage')).status, 200, 'active within 30 minutes');
    clock.advance(minutes(29));
    assert.equal((await agent.get('/manage')).status, 200, 'the last request counts, not the login');
    clock.advance(minutes(30));
    const ended = await agent.get('/manage/courses?page=2');
    assert.equal(ended.status, 303);
    assert.equal(ended.headers.location, `/login?ended=idle&returnTo=${encodeURIComponent('/manage/courses?page=2')}`);
    assert.deepEqual(await sessionsOf(staff._id), [], 'the session is destroyed');
    const page = await agent.get(ended.headers.location!);
    assert.match(html(page.text)('.session-ended').text(), /한동안 사용하지 않아 로그아웃되었습니다/);
    assert.equal(html(page.text)('input[name=returnTo]').val(), '/manage/courses?page=2');
    assert.equal((await agent.get('/manage')).status, 303, 'signed out');
  });

  it('ends a staff session 12 hours after login however active it is', async () => {
    const city = await make.cityStaff();
    const { agent } = await loginAgent(ctx.app, city.email);
    const { elapsed, res } = await useUntilEnded(agent, '/city', minutes(25), hours(13));
    assert.ok(elapsed >= hours(12) && elapsed < hours(12) + minutes(25), `ended after ${elapsed / 60_000} minutes`);
    assert.equal(res.headers.location, `/login?ended=absolute&returnTo=${encodeURIComponent('/city')}`);
    const page = await agent.get(res.headers.location!);
    assert.match(html(page.text)('.session-ended').text(), /로그인 유지 시간이 지나 로그아웃되었습니다/);
  });

  it('keeps a trainee signed in for a day without activity, and a week at most', async () => {
    const trainee = await make.trainee();
    const { agent } = await loginAgent(ctx.app, trainee.email);
    assert.equal((await agent.get('/me')).status, 200);
    clock.advance(hours(23));
    assert.equal((await agent.get('/me')).status, 200);
    const { elapsed, res } = await useUntilEnded(agent, '/me', hours(20), hours(24 * 8));
    assert.ok(
      elapsed + hours(23) >= hours(24 * 7) && elapsed + hours(23) < hours(24 * 7 + 20),
      `ended after ${(elapsed + hours(23)) / 3_600_000} hours`,
    );
    assert.match(String(res.headers.location), /^\/login\?ended=absolute/);

    const idle = await loginAgent(ctx.app, trainee.email);
    clock.advance(hours(24));
    assert.match(String((await idle.agent.get('/me')).headers.location), /^\/login\?ended=idle/);
  });

  it('stores a signed-in session until its absolute limit rounded up to the hour, and an anonymous one on the hour too', async () => {
    const trainee = await make.trainee();
    await loginAgent(ctx.app, trainee.email);
    const [stored] = await sessionsOf(trainee._id);
    const until = (stored?.session as { lifetime?: { until: number } }).lifetime?.until;
    assert.ok(until, 'the session is stamped');
    assert.ok(Math.abs(until - (Date.now() + hours(24 * 7))) < minutes(1));
    assert.equal(stored?.expires?.getTime(), ceilToHour(until));
    const anonymous = request.agent(ctx.app);
    const form = await anonymous.get('/login');
    const cookies = form.headers['set-cookie'] as unknown as string[];
    const cookie = cookies.find((c) => c.startsWith(`${sessionCookieName}=`)) ?? '';
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)?.[1] ?? '').getTime();
    assert.equal(expires % hours(1), 0, 'an anonymous session expires on the hour too');
  });

  it('answers a form post on an ended session with the login page, doing nothing', async () => {
    const staff = await make.staff('knu');
    const { agent, csrf } = await loginAgent(ctx.app, staff.email);
    clock.advance(minutes(31));
    const res = await agent.post('/logout').type('form').send({ _csrf: csrf });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/login?ended=idle');
  });
});
