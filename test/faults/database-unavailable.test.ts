import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { startEngine, type RunningEngine } from '../../server/db/embedded-engine';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { seedUniversities } from '../../server/seed/partner-universities';
import { loginAgent } from '../support/agents';
import { testConfig } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';

/** Asks until the answer has this status, and says how long that took. */
async function waitForStatus(
  ask: () => Promise<{ status: number }>,
  status: number,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if ((await ask()).status === status) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`no ${status} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The database behind the app goes away, as a MONGODB_URI server can: nothing supervises it
// here, so what the app knows comes from the driver alone. An engine of its own, to stop.
describe('while the database is unreachable', function () {
  this.timeout(90_000);
  let dir: string;
  let engine: RunningEngine;
  let app: Express;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-unavailable-'));
    engine = await startEngine({ dir });
    await connectDatabase(engine.uri, 'unavailable', engine.postgresUrl);
    await seedUniversities();
    app = createApp({ config: testConfig(), logger: createLogger('silent'), i18n: await createI18n() });
  });
  after(async () => {
    await disconnectDatabase();
    await engine.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 at once with a localized page and Retry-After, keeps static files and /healthz, and serves again when it is back', async () => {
    const trainee = await make.trainee({ name: '복구 교육생' });
    const course = await make.course();
    const { agent, csrf } = await loginAgent(app, trainee.email);
    await agent.get('/me').expect(200);

    await engine.stop();

    const timed = async (ask: () => Promise<request.Response>) => {
      const started = Date.now();
      const res = await ask();
      return { res, ms: Date.now() - started };
    };
    // The first request may still find the connection open and fail in the driver; later ones
    // are turned away before the session is read.
    const first = await timed(() => request(app).get('/courses'));
    const ko = await timed(() => request(app).get('/courses'));
    const en = await timed(() => request(app).get('/courses?lang=en'));
    const signedIn = await timed(() => agent.get('/me'));
    const apply = await timed(() =>
      agent
        .post(`/courses/${String(course._id)}/enroll`)
        .type('form')
        .send({ _csrf: csrf }),
    );

    for (const [name, { res, ms }] of Object.entries({ first, ko, en, signedIn, apply })) {
      assert.equal(res.status, 503, `${name}: ${res.status}`);
      assert.equal(res.headers['retry-after'], '5', name);
      assert.ok(ms < (name === 'first' ? 2_500 : 200), `${name} took ${ms} ms`);
    }
    assert.equal(html(ko.res.text)('h1').text(), '잠시 이용할 수 없습니다');
    assert.match(html(ko.res.text)('.error-page p').first().text(), /몇 초 후에 다시 시도해 주세요/);
    assert.equal(html(en.res.text)('h1').text(), 'Temporarily unavailable');
    assert.match(html(en.res.text)('.error-page p').first().text(), /try again in a few seconds/);
    // No user menu: its logout form would need the session the database holds.
    assert.equal(html(signedIn.res.text)('.user-name').length, 0);
    assert.doesNotMatch(signedIn.res.text, /Mongo|at .*\.ts/);

    await request(app).get('/static/css/app.css').expect(200);
    const health = await request(app).get('/healthz').expect(503);
    assert.deepEqual(health.body, { status: 'unavailable', database: 'down' });

    engine = await startEngine({ dir, port: engine.port });
    const backAfter = await waitForStatus(() => agent.get('/me'), 200, 10_000);
    console.log(`      (the driver noticed the database was back ${backAfter} ms after the engine answered)`);
    const me = await agent.get('/me').expect(200);
    assert.equal(html(me.text)('.user-name').text().trim(), '복구 교육생');
    await request(app).get('/healthz').expect(200);
  });
});
