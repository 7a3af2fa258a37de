import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import compression from 'compression';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { createLogger } from '../../server/logger';
import { errorHandler } from '../../server/middleware/error-handler';
import { rememberResponseEnd } from '../../server/middleware/response-end';

const page = `<p>${'이차전지 '.repeat(20_000)}</p>`;

// The app's own middleware in front of two routes that fail after answering: one the way
// express-session does when it cannot write the session of a finished page, one a download
// that breaks off half-way.
describe('errors after the response has begun', () => {
  let server: Server;
  let url: string;

  before(async () => {
    const app = express();
    app.set('env', 'test'); // Express's last-resort handler prints no stack in tests.
    app.use(pinoHttp({ logger: createLogger('silent') }));
    app.use(compression());
    app.use(rememberResponseEnd);
    app.get('/finished', (_req, res, next) => {
      res.type('html').end(page);
      setImmediate(() => next(new Error('the session could not be written')));
    });
    app.get('/broken-download', (_req, res, next) => {
      res.type('text/csv').write('a,b\n'.repeat(10_000));
      setImmediate(() => next(new Error('the export query failed')));
    });
    app.use(errorHandler);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
  });

  it('lets a gzipped page that was already ended arrive whole', async () => {
    const res = await fetch(`${url}/finished`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(await res.text(), page);
  });

  it('still cuts off a response that was not finished, so the client knows it is incomplete', async () => {
    await assert.rejects(async () =>
      (await fetch(`${url}/broken-download`, { headers: { 'accept-encoding': 'gzip' } })).text(),
    );
  });
});
