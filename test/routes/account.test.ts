import assert from 'node:assert/strict';
import request from 'supertest';
import { sessionCookieName } from '../../server/middleware/session';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { defaultPassword, make } from '../support/factories';
import { html } from '../support/html';

function sessionId(setCookie: string[] | string | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return cookies.find((c) => c.startsWith(`${sessionCookieName}=`))?.split(';')[0];
}

describe('login and logout', () => {
  const ctx = useTestApp();

  it('signs a trainee in, sends them to /me and shows their name in the header', async () => {
    const trainee = await make.trainee({ name: '김포항' });
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: trainee.email.toUpperCase(), password: defaultPassword });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/me');
    const home = await agent.get('/').expect(200);
    assert.equal(html(home.text)('.user-name').text(), '김포항');
  });

  it('lands staff on /manage and city staff on /city', async () => {
    for (const [user, home] of [
      [await make.staff('postech'), '/manage'],
      [await make.cityStaff(), '/city'],
    ] as const) {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: user.email, password: defaultPassword });
      assert.equal(res.headers.location, home);
    }
  });

  it('changes the session id at login (no session fixation)', async () => {
    const trainee = await make.trainee();
    const agent = request.agent(ctx.app);
    const page = await agent.get('/login');
    const before = sessionId(page.headers['set-cookie']);
    assert.ok(before, 'the login form starts a session for its CSRF token');
    const token = html(page.text)('input[name=_csrf]').val() as string;
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: trainee.email, password: defaultPassword });
    const after = sessionId(res.headers['set-cookie']);
    assert.ok(after);
    assert.notEqual(after, before);
  });

  it('re-renders the form with one message for a wrong password, keeping the email', async () => {
    const trainee = await make.trainee();
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: trainee.email, password: 'wrong password' })
      .expect(401);
    const $ = html(res.text);
    assert.match($('.form-errors').text(), /이메일 또는 비밀번호가 올바르지 않습니다/);
    assert.equal($('input[name=email]').val(), trainee.email);
    assert.equal($('input[name=password]').val(), undefined);
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: 'nobody@example.kr', password: 'whatever' })
      .expect(401);
    assert.match(html(res.text)('.form-errors').text(), /이메일 또는 비밀번호가 올바르지 않습니다/);
  });

  it('validates the fields before checking the password', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    const res = await agent.post('/login').type('form').send({ _csrf: token, email: 'not-an-email' }).expect(422);
    const $ = html(res.text);
    assert.equal($('#e-email').text(), '올바른 이메일 주소를 입력해 주세요.');
    assert.equal($('#e-password').text(), '필수 입력 항목입니다.');
  });

  it('refuses a post without a valid CSRF token with a friendly page', async () => {
    const trainee = await make.trainee();
    const agent = request.agent(ctx.app);
    await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: 'forged', email: trainee.email, password: defaultPassword })
      .expect(403);
    assert.equal(html(res.text)('h1').text(), '페이지가 만료되었습니다');
    const noSession = await request(ctx.app)
      .post('/login')
      .type('form')
      .send({ email: trainee.email, password: defaultPassword })
      .expect(403);
    assert.match(html(noSession.text)('.error-page').text(), /새로고침/);
  });

  it('returns to a same-origin page after login, and ignores other origins', async () => {
    const trainee = await make.trainee();
    for (const [returnTo, expected] of [
      ['/universities/knu', '/universities/knu'],
      ['https://evil.example/', '/me'],
      ['//evil.example/', '/me'],
      ['/\\evil.example', '/me'],
      ['/\t/evil.example', '/me'],
    ]) {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent);
      const res = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: trainee.email, password: defaultPassword, returnTo });
      assert.equal(res.headers.location, expected, `returnTo ${JSON.stringify(returnTo)}`);
    }
  });

  it('logs out with a POST and forgets the user', async () => {
    const trainee = await make.trainee();
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    const home = await agent.get('/').expect(200);
    assert.equal(html(home.text)('.user-name').length, 0);
  });
});
