import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';
import { drainable, type DrainableServer } from '../../server/lib/drain-http-server';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

function get(port: number, path: string, agent: http.Agent, onHeaders?: () => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ port, path, agent }, (res) => {
        onHeaders?.();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
  });
}

describe('draining an HTTP server', () => {
  let server: http.Server;
  let drain: DrainableServer;
  let port: number;
  let agent: http.Agent;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/fast') res.end('fast');
      if (req.url === '/slow') setTimeout(() => res.end('slow'), 300);
      if (req.url === '/stream') {
        res.write('first half, ');
        setTimeout(() => res.end('second half'), 300);
      }
      // '/never' is never answered.
    });
    server.on('connection', (socket) => sockets.push(socket));
    drain = drainable(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    agent = new http.Agent({ keepAlive: true });
  });
  afterEach(() => {
    agent.destroy();
    server.closeAllConnections();
    sockets.length = 0;
  });

  it('refuses new connections, closes idle keep-alive ones at once, and lets a response in flight finish with Connection: close', async () => {
    assert.equal((await get(port, '/fast', agent)).connection, 'keep-alive');
    const [idle] = sockets;
    const idleClosed = new Promise((resolve) => idle!.once('close', resolve));
    const slow = get(port, '/slow', agent);
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    const drained = drain.drain(5_000);
    assert.equal(await connectError(port), 'ECONNREFUSED');
    await idleClosed;
    assert.deepEqual(await slow, { status: 200, connection: 'close', body: 'slow' });
    assert.deepEqual(await drained, { cutOff: 0 });
    assert.ok(Date.now() - started < 1_000, `drained in ${Date.now() - started} ms`);
  });

  it('closes the connection of a response whose headers went out before the drain once it is finished', async () => {
    let headersSeen: () => void = () => undefined;
    const headers = new Promise<void>((resolve) => (headersSeen = resolve));
    const streamed = get(port, '/stream', agent, headersSeen);
    await headers;

    const started = Date.now();
    const drained = drain.drain(5_000);
    assert.deepEqual(await streamed, { status: 200, connection: 'keep-alive', body: 'first half, second half' });
    assert.deepEqual(await drained, { cutOff: 0 });
    assert.ok(Date.now() - started < 1_000, `drained in ${Date.now() - started} ms`);
  });

  it('cuts off what is still running at the deadline', async () => {
    const never = get(port, '/never', agent).then(
      () => 'answered',
      (err: NodeJS.ErrnoException) => err.code,
    );
    await new Promise((r) => setTimeout(r, 50));

    const started = Date.now();
    assert.deepEqual(await drain.drain(200), { cutOff: 1 });
    assert.ok(Date.now() - started < 1_000, `drained in ${Date.now() - started} ms`);
    assert.equal(await never, 'ECONNRESET');
  });
});
