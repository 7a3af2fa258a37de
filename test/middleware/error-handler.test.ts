import assert from 'node:assert/strict';
import express from 'express';
import mongoose from 'mongoose';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { User } from '../../models/user';
import { createLogger } from '../../server/logger';
import { errorHandler } from '../../server/middleware/error-handler';
import { viewsDir } from '../../server/paths';

/** The real error handler behind a route that fails with `failure`; its pages render as their status and message key. */
function failingApp(failure: () => Promise<unknown>, lines: string[]) {
  const app = express();
  app.engine('hbs', (_file, locals: { status?: number; messageKey?: string }, done) =>
    done(null, `${locals.status} ${locals.messageKey}`),
  );
  app.set('view engine', 'hbs');
  app.set('views', viewsDir);
  app.use(pinoHttp({ logger: createLogger('info', { write: (line: string) => void lines.push(line) }) }));
  app.get('/', async () => {
    await failure();
  });
  app.use(errorHandler);
  return app;
}

describe('error handler', () => {
  it('answers a value the model refused with 422, not 500, and logs it as a bug', async () => {
    const lines: string[] = [];
    const app = failingApp(() => User.create({ email: 'x@example.kr', role: 'trainee', name: 'a'.repeat(101) }), lines);
    const res = await request(app).get('/');
    assert.equal(res.status, 422);
    assert.equal(res.text, '422 errors.invalidInput.body');
    assert.match(lines.join(''), /bug: input reached the model without a form checking it/);
  });

  it('answers a value the model could not cast with 400', async () => {
    const lines: string[] = [];
    const app = failingApp(() => User.findById('not-an-id').orFail(), lines);
    const res = await request(app).get('/');
    assert.equal(res.status, 400);
    assert.equal(res.text, '400 errors.badRequest.body');
    assert.match(lines.join(''), /bug: input reached the model/);
  });

  it('answers a database that cannot be reached with 503 and Retry-After, logged as a warning, not a failure', async () => {
    const failures = {
      'a lost connection': new mongoose.mongo.MongoNetworkError('connection 4 to 127.0.0.1:27017 closed'),
      'a write to a socket the server closed': Object.assign(
        new Error('This socket has been ended by the other party'),
        { code: 'EPIPE' },
      ),
    };
    for (const [name, failure] of Object.entries(failures)) {
      const lines: string[] = [];
      const res = await request(failingApp(() => Promise.reject(failure), lines)).get('/');
      assert.equal(res.status, 503, name);
      assert.equal(res.headers['retry-after'], '5', name);
      assert.equal(res.text, '503 errors.unavailable.body', name);
      assert.match(lines.join(''), /database unreachable/, name);
      assert.doesNotMatch(lines.join(''), /request failed/, name);
    }
  });

  it('still answers anything else with a plain 500', async () => {
    const lines: string[] = [];
    const res = await request(failingApp(() => Promise.reject(new Error('boom')), lines)).get('/');
    assert.equal(res.status, 500);
    assert.equal(res.text, '500 errors.server.body');
  });
});
