import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import request from 'supertest';
import { trackRunningHandlers, whenIdle } from '../../server/lib/running-handlers';

describe('running handlers (what shutting down waits for before it closes the database)', () => {
  let handlers: ReturnType<typeof trackRunningHandlers>;
  beforeEach(() => {
    handlers = trackRunningHandlers();
  });
  afterEach(() => handlers.stop());

  it('counts an async handler until its promise settles, after its response has gone out', async () => {
    let wrote = false;
    const app = express();
    app.post('/apply', async (_req, res) => {
      res.status(303).end();
      await sleep(200);
      wrote = true;
    });
    await request(app).post('/apply').expect(303);
    assert.ok(handlers.count() > 0, 'the handler is still running after its response');
    assert.equal(await whenIdle(() => handlers.count(), 5_000), 0);
    assert.equal(wrote, true, 'idle only once the write after the response was done');
    assert.equal(handlers.count(), 0);
  });

  it('counts a thrown or rejected handler as finished, and gives up waiting at the deadline', async () => {
    const app = express();
    app.get('/throws', () => {
      throw new Error('sync');
    });
    app.get('/rejects', async () => {
      await sleep(10);
      throw new Error('async');
    });
    app.get('/stuck', async (_req, res) => {
      res.end();
      await new Promise(() => undefined);
    });
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).end();
    });
    await request(app).get('/throws').expect(500);
    await request(app).get('/rejects').expect(500);
    assert.equal(await whenIdle(() => handlers.count(), 1_000), 0);
    await request(app).get('/stuck').expect(200);
    const started = Date.now();
    assert.ok((await whenIdle(() => handlers.count(), 100)) > 0);
    assert.ok(Date.now() - started < 1_000);
  });
});
