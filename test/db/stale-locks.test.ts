import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEngine, type RunningEngine } from '../../server/db/embedded-engine';
import { isAlive } from '../support/app-process';

// PostgreSQL refuses to start while a lock file it left names a live process. After a crash and a
// reboot that number may belong to any process; the engine (tools/ferretdb/postgres.go) removes
// such a lock, for the data directory's postmaster.pid and for the socket's lock alike.
describe('embedded engine: lock files left by an earlier run', function () {
  this.timeout(180_000);
  let dir: string;
  let engine: RunningEngine | undefined;
  let bystander: ChildProcess | undefined;

  before(async () => {
    // The cluster is a mkdtemp directory: see test/setup.ts.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-locks-'));
    engine = await startEngine({ dir });
    await engine.stop();
    engine = undefined;
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    bystander?.kill('SIGKILL');
    bystander = undefined;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * A live process that is not PostgreSQL, what a lock's pid may name after a reboot, run by the
   * user PostgreSQL runs as: PostgreSQL takes a process it may not signal for no postmaster of
   * its own, so only such a process stops it (Debian's own clusters run as that user).
   */
  function liveStranger(): number {
    bystander = spawn('sleep', ['300'], { stdio: 'ignore', ...clusterOwner() });
    assert.ok(bystander.pid && isAlive(bystander.pid));
    return bystander.pid;
  }

  /** The user and group of the cluster's files: the PostgreSQL user when the tests run as root. */
  function clusterOwner(): { uid: number; gid: number } {
    const { uid, gid } = fs.statSync(path.join(dir, 'PG_VERSION'));
    return { uid, gid };
  }

  /** Starts the engine on the cluster and reads through it. */
  async function startsAndAnswers() {
    engine = await startEngine({ dir });
    const client = new mongoose.mongo.MongoClient(engine.uri, { directConnection: true });
    try {
      await client.db('locks').collection('probe').insertOne({ ok: true });
      assert.equal(await client.db('locks').collection('probe').countDocuments(), 1);
      await client.db('locks').collection('probe').deleteMany({});
    } finally {
      await client.close();
    }
  }

  for (const lock of [path.join('socket', '.s.PGSQL.5432.lock'), 'postmaster.pid']) {
    it(`starts when ${lock} names a live process that is not our postmaster, and leaves that process alone`, async () => {
      const pid = liveStranger();
      const file = path.join(dir, lock);
      // The first lines PostgreSQL writes: pid, data directory, start time, port, socket directory.
      fs.writeFileSync(file, `${pid}\n${dir}\n${Math.floor(Date.now() / 1000)}\n5432\n${path.join(dir, 'socket')}\n`, {
        mode: 0o600,
      });
      fs.chownSync(file, clusterOwner().uid, clusterOwner().gid);
      await startsAndAnswers();
      assert.ok(isAlive(pid), 'the process the stale lock named was not touched');
    });
  }
});
