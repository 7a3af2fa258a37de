import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { AuditEvent } from '../../models/audit-event';
import { Enrollment } from '../../models/enrollment';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { engineClusterDir, startEngine } from '../../server/db/embedded-engine';
import { engineOf, isAlive, startAppOnOwnEngine, type AppOnOwnEngine } from '../support/app-process';
import type { Exchange } from '../support/browser';
import { Browser } from '../support/browser';
import { dayFromNow, make } from '../support/factories';
import { html } from '../support/html';
import { pause, runLoad, seedLoad, signIn, tally } from '../support/load';
import { useCheapPasswordHash } from '../support/parallel-agents';

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
    await connectDatabase(engineOf(app).uri, 'battery_talent_hub', engineOf(app).postgresUrl);
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

/** Log lines that say a handler met a database that was already closed. */
const closedDatabase =
  /MongoExpiredSessionError|MongoClientClosedError|MongoTopologyClosedError|MongoNotConnectedError|MongoPoolClosedError|client was closed|session that has ended/;

describe('shutting down with a one-second grace during a burst', function () {
  this.timeout(120_000);
  let app: AppOnOwnEngine;

  before(async () => {
    app = await startAppOnOwnEngine({ SHUTDOWN_GRACE_SECONDS: '1' });
    await connectDatabase(engineOf(app).uri, 'battery_talent_hub', engineOf(app).postgresUrl);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed')
      console.log(`      the app's output: ${app.saveOutput('shutdown-grace')}`);
  });
  after(async () => {
    await disconnectDatabase();
    await app?.dispose();
  });

  it('closes the database only after the handlers still running have finished: no write is lost or fails on a closed database', async () => {
    // A burst: forty trainees applying to three courses each, all at once. SIGTERM comes with the
    // first acknowledgement, when most applications are still under way; the second of grace then
    // cuts their responses off while their handlers go on writing.
    const trainees = await Promise.all(Array.from({ length: 40 }, (_v, i) => make.trainee({ name: `몰림 ${i}` })));
    await useCheapPasswordHash(trainees.map((t) => t._id));
    const courses = await Promise.all([0, 1, 2].map((i) => make.course({ capacity: 100, days: [dayFromNow(40 + i)] })));
    await disconnectDatabase();
    const log: Exchange[] = [];
    const browsers = await Promise.all(
      trainees.map(async (trainee) => {
        const browser = new Browser(app.baseUrl, log);
        assert.ok(await signIn(browser, trainee.email));
        const page = await browser.get(`/courses/${String(courses[0]!._id)}`);
        const token = html(page.body)('input[name=_csrf]').val();
        assert.equal(typeof token, 'string');
        return { trainee, browser, token: token as string };
      }),
    );
    const acknowledged = new Map<string, string[]>();
    const burst = browsers.flatMap(({ trainee, browser, token }) =>
      courses.map(async (course) => {
        const sent = await browser.post(`/courses/${String(course._id)}/enroll`, { _csrf: token });
        if (sent.status === 303)
          acknowledged.set(trainee.email, [...(acknowledged.get(trainee.email) ?? []), String(course._id)]);
      }),
    );
    for (const deadline = Date.now() + 20_000; acknowledged.size === 0 && Date.now() < deadline;) await pause(10);
    const signalledAt = Date.now();
    process.kill(app.pid, 'SIGTERM');
    const exit = await app.exited;
    const exitedAfter = Date.now() - signalledAt;
    await Promise.all(burst);
    console.log(`      responses: ${JSON.stringify(tally(log))}; exit code ${exit.code} after ${exitedAfter} ms`);

    const logs = app.logs();
    const text = (l: Record<string, unknown>) => JSON.stringify(l);
    const waited = logs.find((l) => l.msg === 'waited for request handlers that outlived their response');
    console.log(`      still running after the HTTP server closed: ${JSON.stringify(waited ?? 'nothing')}`);
    assert.deepEqual(
      logs.filter((l) => closedDatabase.test(text(l))).map((l) => `${String(l.msg)}: ${text(l).slice(0, 300)}`),
      [],
    );
    assert.deepEqual(
      logs
        .filter((l) =>
          ['request failed', 'failed after the response was sent', 'database unreachable'].includes(String(l.msg)),
        )
        .map((l) => `${String(l.msg)}: ${text(l).slice(0, 300)}`),
      [],
    );
    assert.equal(exit.code, 0);
    const closed = logs.filter((l) => l.msg === 'closed').map((l) => l.step);
    assert.deepEqual(closed.slice(-2), ['database connection', 'database engine']);
    assert.ok(closed.indexOf('request handlers') > closed.indexOf('HTTP server'), JSON.stringify(closed));
    assert.ok(closed.indexOf('request handlers') < closed.indexOf('database connection'), JSON.stringify(closed));

    // Every application the app acknowledged is stored, and none is half done (an enrollment
    // without its audit entry): start the engine again on the app's cluster and look.
    const engine = await startEngine({ dir: engineClusterDir(app.dataDir) });
    try {
      await connectDatabase(engine.uri, 'battery_talent_hub');
      let acked = 0;
      let lost = 0;
      for (const trainee of trainees) {
        for (const course of acknowledged.get(trainee.email) ?? []) {
          acked++;
          if (!(await Enrollment.exists({ trainee: trainee._id, course }))) lost++;
        }
      }
      const stored = await Enrollment.find({ trainee: { $in: trainees.map((t) => t._id) } }, { _id: 1 }).lean();
      const audited = new Set(
        (await AuditEvent.find({ targetId: { $in: stored.map((e) => e._id) } }, { targetId: 1 }).lean()).map((e) =>
          String(e.targetId),
        ),
      );
      const halfDone = stored.filter((e) => !audited.has(String(e._id))).length;
      console.log(
        `      applications acknowledged: ${acked}, lost: ${lost}; stored: ${stored.length}, without their audit entry: ${halfDone}`,
      );
      assert.ok(acked > 0, 'no application was acknowledged before SIGTERM');
      assert.equal(lost, 0);
      assert.equal(halfDone, 0);
    } finally {
      await disconnectDatabase();
      await engine.stop();
    }
  });
});
