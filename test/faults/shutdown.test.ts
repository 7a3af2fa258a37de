import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { engineOf, isAlive, startAppOnOwnEngine, type AppOnOwnEngine } from '../support/app-process';
import type { Exchange } from '../support/browser';
import { pause, runLoad, seedLoad, tally } from '../support/load';

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/** "shut down" once PostgreSQL finished a clean shutdown (checkpoint written), "in production" after a crash. */
function clusterState(dataDir: string): string {
  const out = execFileSync('/usr/lib/postgresql/15/bin/pg_controldata', [path.join(dataDir, 'db', 'pg')], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  return /Database cluster state:\s*(.+)/.exec(out)?.[1]?.trim() ?? out;
}

describe('shutting down under load', function () {
  this.timeout(120_000);
  const graceSeconds = 5;
  let app: AppOnOwnEngine;

  before(async () => {
    app = await startAppOnOwnEngine({ SHUTDOWN_GRACE_SECONDS: String(graceSeconds) });
    await connectDatabase(engineOf(app).uri, 'battery_talent_hub');
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`      the app's output: ${app.saveOutput('shutdown')}`);
  });
  after(async () => {
    await disconnectDatabase();
    await app?.dispose();
  });

  it('finishes what is in flight, refuses new connections, stops the engine and PostgreSQL cleanly and exits 0 within the deadline', async () => {
    const { applicants, churners, courseIds } = await seedLoad(30);
    await disconnectDatabase();
    const engine = engineOf(app);

    const log: Exchange[] = [];
    let running = true;
    const load = runLoad({ baseUrl: app.baseUrl, log, applicants, churners, courseIds, running: () => running });
    await pause(2_500);

    const signalledAt = Date.now();
    process.kill(app.pid, 'SIGTERM');
    let exitedAfter: number | undefined;
    const exiting = app.exited.then((exit) => {
      exitedAfter = Date.now() - signalledAt;
      return exit;
    });
    let refusedAfter: number | undefined;
    while (refusedAfter === undefined && exitedAfter === undefined) {
      if (await refusesConnections(app.port)) refusedAfter = Date.now() - signalledAt;
    }
    const exit = await exiting;
    running = false;
    await load;

    const inFlight = log.filter(
      (e) => e.sentAt < signalledAt && e.sentAt + e.ms > signalledAt && e.status !== undefined,
    );
    const unanswered = log.filter((e) => e.status === undefined);
    console.log(`      responses: ${JSON.stringify(tally(log))}`);
    console.log(
      `      in flight at SIGTERM and answered: ${inFlight.length} (slowest finished ${Math.max(0, ...inFlight.map((e) => e.sentAt + e.ms - signalledAt))} ms after it); ` +
        `unanswered: ${unanswered.filter((e) => e.sentAt < signalledAt).length} sent before SIGTERM, ${unanswered.filter((e) => e.sentAt >= signalledAt).length} after; ` +
        `new connections refused ${refusedAfter} ms after SIGTERM; exit code ${exit.code} after ${exitedAfter} ms`,
    );

    const cutOff = log.filter((e) => e.status !== undefined && !e.complete);
    assert.deepEqual(
      cutOff.map((e) => `${e.method} ${e.path}: ${e.error}`),
      [],
    );
    assert.deepEqual(
      log
        .filter((e) => e.status !== undefined && ![200, 303].includes(e.status))
        .map((e) => `${e.method} ${e.path}: ${e.status}`),
      [],
    );
    assert.ok(inFlight.length > 0, 'no request was in flight at SIGTERM');
    // Requests without any answer found the server gone: refused, or sent on a keep-alive
    // connection just as it was closed for being idle (HTTP/1.1's race: the server had not read
    // them, and browsers send such a request again on a new connection).
    assert.deepEqual(
      unanswered
        .filter((e) => !['ECONNREFUSED', 'UND_ERR_SOCKET', 'ECONNRESET'].includes(e.error ?? ''))
        .map((e) => `${e.method} ${e.path}: ${e.error}`),
      [],
    );
    assert.ok(refusedAfter !== undefined, 'new connections were accepted until the app exited');
    assert.equal(exit.code, 0);
    assert.ok(exitedAfter! < (graceSeconds + 5) * 1000, `exited ${exitedAfter} ms after SIGTERM`);

    assert.equal(isAlive(engine.pid), false, 'the engine outlived the app');
    assert.equal(isAlive(engine.postmasterPid), false, 'PostgreSQL outlived the app');
    assert.equal(clusterState(app.dataDir), 'shut down');

    const logs = app.logs();
    const closed = logs.filter((l) => l.msg === 'closed').map((l) => l.step);
    // Background workers (the periodic jobs among them) stop between the HTTP server and the database.
    assert.deepEqual(closed.slice(0, 2), ['engine restarts', 'HTTP server']);
    assert.deepEqual(closed.slice(-2), ['database connection', 'database engine']);
    assert.ok(closed.slice(2, -2).includes('periodic jobs'));
    assert.ok(
      !logs.some((l) => typeof l.msg === 'string' && /cut off|restarting it|failed/.test(l.msg)),
      'something was cut off, failed or restarted',
    );
  });
});
