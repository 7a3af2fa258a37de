// Root hooks: one database engine for the whole run. Each test file then works
// in a database of its own on it (see support/app.ts).
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { startEngine, type RunningEngine } from '../server/db/embedded-engine';

let engine: RunningEngine | undefined;
let tmpDir: string | undefined;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    if (process.env.MONGODB_URI) {
      process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
      return;
    }
    // The temporary directory is the cluster itself: the engine gives it to the PostgreSQL
    // user, and /tmp above it is open to all, so its 0700 from mkdtemp needs no loosening.
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-test-'));
    engine = await startEngine({ dir: tmpDir });
    process.env.TEST_MONGODB_URI = engine.uri;
    process.env.TEST_POSTGRES_URL = engine.postgresUrl;
  },
  async afterAll() {
    await engine?.stop();
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  },
};
