import assert from 'node:assert/strict';
import request from 'supertest';
import { createApp } from '../server/app';
import { createI18n } from '../server/i18n';
import { createLogger } from '../server/logger';
import { sessionCookieName } from '../server/middleware/session';
import { csrfToken } from './support/agents';
import { useTestApp } from './support/app';
import { defaultPassword, make } from './support/factories';

describe('request logs', () => {
  const ctx = useTestApp();

  it('never write the session cookie or an authorization header', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const app = createApp({ config: ctx.config, logger, i18n: await createI18n() });
    const trainee = await make.trainee();
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/login');
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: trainee.email, password: defaultPassword });
    assert.equal(login.status, 303);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith(`${sessionCookieName}=`));
    assert.ok(session, 'signing in set the session cookie');
    const value = decodeURIComponent(session.split(';')[0]!.slice(sessionCookieName.length + 1));
    await agent.get('/me').set('Authorization', 'Bearer secret-token-value');

    const logged = lines.join('');
    assert.ok(lines.length >= 3, 'the requests were logged');
    assert.ok(logged.includes('[redacted]'));
    assert.ok(!logged.includes(value), 'the session id is not in the log');
    assert.ok(!logged.includes('secret-token-value'));
  });
});
