import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { University } from '../../models/university';
import { createApp } from '../../server/app';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { startEngine, type RunningEngine } from '../../server/db/embedded-engine';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { testConfig } from '../support/app';

// This file runs an engine of its own, so it can stop and restart it.
describe('embedded engine: persistence and health', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: RunningEngine | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-persist-'));
  });
  after(async () => {
    await disconnectDatabase();
    await engine?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across an engine restart, and /healthz follows the database', async () => {
    engine = await startEngine({ dir });
    const port = engine.port;
    await connectDatabase(engine.uri, 'persistence');
    const app = createApp({ config: testConfig(), logger: createLogger('silent'), i18n: await createI18n() });

    await University.create({
      code: 'persisted',
      name: { ko: '영속성 대학교', en: 'Persistence University' },
      centre: { ko: '저장 센터', en: 'Storage Centre' },
    });
    await request(app).get('/healthz').expect(200);

    await engine.stop();
    const down = await request(app).get('/healthz').expect(503);
    assert.deepEqual(down.body, { status: 'unavailable', database: 'down' });

    await disconnectDatabase();
    engine = await startEngine({ dir, port });
    await connectDatabase(engine.uri, 'persistence');

    const found = await University.findOne({ code: 'persisted' }).lean();
    assert.equal(found?.name.ko, '영속성 대학교');
    assert.equal(found?.centre.en, 'Storage Centre');
    assert.equal(mongoose.connection.readyState, mongoose.ConnectionStates.connected);
    await request(app).get('/healthz').expect(200);
    const page = await request(app).get('/universities/persisted').expect(200);
    assert.match(page.text, /영속성 대학교/);
  });
});
