import assert from 'node:assert/strict';
import request from 'supertest';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { createTrainee, defaultPassword } from '../support/factories';
import { html } from '../support/html';

// Its own file: the throttle counts per app instance, and each file gets its own app.
describe('login throttling per address', () => {
  const ctx = useTestApp();

  it('refuses logins from an address after 20 failures, whichever accounts they tried, even a right password', async () => {
    const trainee = await createTrainee();
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent);
    for (let i = 0; i < 20; i++) {
      const res = await agent.post('/login').type('form').send({ _csrf: token, email: `guess${i}@example.kr`, password: 'guess' });
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const blocked = await agent.post('/login').type('form').send({ _csrf: token, email: trainee.email, password: defaultPassword });
    assert.equal(blocked.status, 429);
    assert.match(html(blocked.text)('.form-errors').text(), /로그인 시도가 너무 많습니다. 15분 후에/);
  });
});
