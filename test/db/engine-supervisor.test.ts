import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEngine } from '../../server/db/embedded-engine';
import { EngineSupervisor, type RestartPolicy } from '../../server/db/engine-supervisor';
import { createLogger } from '../../server/logger';
import { isAlive } from '../support/app-process';

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - started;
}

async function ping(uri: string): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 2_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** The supervisor's hooks, recorded. */
function recorder() {
  const calls: string[] = [];
  return {
    calls,
    onExit: () => calls.push('exit'),
    onRestart: async () => {
      calls.push('restart');
    },
    onGiveUp: () => calls.push('give up'),
  };
}

// Engines of its own, to kill.
describe('embedded engine supervisor', function () {
  this.timeout(120_000);
  let dir: string;
  let supervisor: EngineSupervisor | undefined;
  const logger = createLogger('silent');
  const quick: RestartPolicy = { maxRestarts: 5, windowMs: 60_000, firstDelayMs: 50, maxDelayMs: 200 };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-supervisor-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hears the engine die at once and starts it again on the same port; stopping ends it for good', async () => {
    const first = await startEngine({ dir });
    const hooks = recorder();
    supervisor = new EngineSupervisor(first, { engine: { dir, port: first.port }, logger, policy: quick, ...hooks });

    process.kill(first.pid, 'SIGKILL');
    const noticed = await until(() => hooks.calls.includes('exit'), 1_000, 'exit noticed');
    const restarted = await until(() => hooks.calls.includes('restart'), 30_000, 'restarted');
    console.log(
      `      (exit noticed after ${noticed} ms, engine answering again ${noticed + restarted} ms after the kill)`,
    );
    assert.deepEqual(hooks.calls, ['exit', 'restart']);
    assert.notEqual(supervisor.current.pid, first.pid);
    assert.equal(supervisor.current.port, first.port);
    await ping(supervisor.current.uri);

    const second = supervisor.current;
    await supervisor.stop();
    assert.equal(isAlive(second.pid), false);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(supervisor.current, second, 'no engine was started after stop()');
    assert.deepEqual(hooks.calls, ['exit', 'restart', 'exit']);
  });

  it('does not restart an engine that exits once the app is shutting down', async () => {
    const first = await startEngine({ dir });
    const hooks = recorder();
    supervisor = new EngineSupervisor(first, { engine: { dir, port: first.port }, logger, policy: quick, ...hooks });

    supervisor.stopRestarting();
    process.kill(first.pid, 'SIGKILL');
    await until(() => hooks.calls.includes('exit'), 1_000, 'exit noticed');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(hooks.calls, ['exit']);
    assert.equal(supervisor.current, first);
  });

  it('gives up after too many failures within the window', async () => {
    const first = await startEngine({ dir });
    const hooks = recorder();
    supervisor = new EngineSupervisor(first, {
      engine: { dir, port: first.port },
      logger,
      policy: { ...quick, maxRestarts: 2 },
      ...hooks,
    });

    // Without its version file the cluster is no cluster: every start fails (initdb refuses the non-empty directory).
    fs.renameSync(path.join(dir, 'PG_VERSION'), path.join(dir, 'PG_VERSION.hidden'));
    process.kill(first.pid, 'SIGKILL');
    await until(() => hooks.calls.includes('give up'), 30_000, 'gave up');
    assert.deepEqual(hooks.calls, ['exit', 'give up']);
  });
});
