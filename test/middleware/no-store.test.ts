import assert from 'node:assert/strict';
import request from 'supertest';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';

describe('caching of personal pages', () => {
  const ctx = useTestApp();

  it('forbids storing what a signed-in person sees or downloads, and leaves public pages cacheable', async () => {
    const trainee = (await loginAgent(ctx.app, (await make.trainee()).email)).agent;
    const me = await trainee.get('/me').expect(200);
    assert.equal(me.headers['cache-control'], 'no-store');
    const city = (await loginAgent(ctx.app, (await make.cityStaff()).email)).agent;
    const csv = await city.get('/city/export.csv').expect(200);
    assert.equal(csv.headers['cache-control'], 'no-store');
    const catalog = await request(ctx.app).get('/courses').expect(200);
    assert.notEqual(catalog.headers['cache-control'], 'no-store');
  });
});
