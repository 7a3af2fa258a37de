import assert from 'node:assert/strict';
import request from 'supertest';
import { User } from '../../models/user';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';

describe('CSRF protection on state-changing posts', () => {
  const ctx = useTestApp();

  function assertFriendlyRefusal(res: request.Response) {
    assert.equal(res.status, 403);
    const $ = html(res.text);
    assert.equal($('h1').text(), '페이지가 만료되었습니다');
    assert.match($('.error-page').text(), /새로고침/);
  }

  it('refuses sign-up without a token, and with a token of another session, writing nothing', async () => {
    const body = {
      name: '위조',
      email: 'forged@example.kr',
      password: 'cathode-slurry-mixer',
      passwordConfirm: 'cathode-slurry-mixer',
      category: 'student',
    };
    assertFriendlyRefusal(await request(ctx.app).post('/register').type('form').send(body));
    const other = request.agent(ctx.app);
    const foreignToken = await csrfToken(other, '/register');
    const victim = request.agent(ctx.app);
    await csrfToken(victim, '/register');
    assertFriendlyRefusal(
      await victim
        .post('/register')
        .type('form')
        .send({ ...body, _csrf: foreignToken }),
    );
    assert.equal(await User.countDocuments({ email: 'forged@example.kr' }), 0);
  });

  it('refuses a profile change and a password change with a missing or stale token', async () => {
    const trainee = await make.trainee({ name: '원래이름' });
    const { agent } = await loginAgent(ctx.app, trainee.email);
    assertFriendlyRefusal(
      await agent.post('/me/profile').type('form').send({ name: '바뀐이름', locale: 'ko', category: 'student' }),
    );
    assertFriendlyRefusal(
      await agent
        .post('/me/profile')
        .type('form')
        .send({ _csrf: 'stale', name: '바뀐이름', locale: 'ko', category: 'student' }),
    );
    assertFriendlyRefusal(
      await agent
        .post('/me/profile/password')
        .type('form')
        .send({ currentPassword: 'x', password: 'y', passwordConfirm: 'y' }),
    );
    assert.equal((await User.findById(trainee._id).lean())?.name, '원래이름');
  });

  it('refuses staff account changes and logout without a token', async () => {
    const staff = await make.staff('pknu');
    const { agent } = await loginAgent(ctx.app, (await make.cityStaff()).email);
    assertFriendlyRefusal(await agent.post(`/city/staff/${staff._id}/deactivate`).type('form').send({}));
    assertFriendlyRefusal(
      await agent.post('/city/staff').type('form').send({ name: 'x', email: 'x@example.kr', role: 'city_staff' }),
    );
    assertFriendlyRefusal(await agent.post('/logout').type('form').send({}));
    assert.equal((await User.findById(staff._id).lean())?.active, true);
    assert.equal(await User.countDocuments({ email: 'x@example.kr' }), 0);
    assert.equal((await agent.get('/me/profile')).status, 200, 'still signed in');
  });
});
