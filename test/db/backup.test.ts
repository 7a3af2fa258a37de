import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import request from 'supertest';
import { generate } from '../../bench/generate';
import { Course } from '../../models/course';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { backup, BackupError, restore, type DatabaseCount } from '../../server/db/backup';
import { connectDatabase, disconnectDatabase } from '../../server/db/connect';
import { engineClusterDir, postgresBinDir, startEngine, type RunningEngine } from '../../server/db/embedded-engine';
import { openDatabase } from '../../server/db/open';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { seedDemo } from '../../server/seed/demo';
import { seedUniversities } from '../../server/seed/partner-universities';

const { EJSON } = mongoose.mongo.BSON;
const quiet = () => undefined;

/** Every document of every database, as canonical Extended JSON (types and field order kept), by "db.collection", sorted by _id. */
async function readEverything(client: mongoose.mongo.MongoClient): Promise<Map<string, string[]>> {
  const everything = new Map<string, string[]>();
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  for (const dbName of databases.map((d) => d.name).sort()) {
    const db = client.db(dbName);
    const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    for (const name of collections) {
      const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
      everything.set(
        `${dbName}.${name}`,
        docs.map((doc) => EJSON.stringify(doc, { relaxed: false })),
      );
    }
  }
  return everything;
}

function countsOf(everything: Map<string, string[]>): DatabaseCount[] {
  const counts = new Map<string, DatabaseCount>();
  for (const [key, docs] of everything) {
    const name = key.slice(0, key.indexOf('.'));
    const count = counts.get(name) ?? { name, collections: 0, documents: 0 };
    count.collections += 1;
    count.documents += docs.length;
    counts.set(name, count);
  }
  return [...counts.values()];
}

/** The archive's table of contents without its header, which carries the time of the dump. */
function contentsOf(file: string): string[] {
  const list = spawnSync(path.join(postgresBinDir, 'pg_restore'), ['--list', file], { encoding: 'utf8' });
  return list.stdout.split('\n').filter((line) => line && !line.startsWith(';'));
}

const rejectsWith = (pattern: RegExp) => (err: unknown) => err instanceof BackupError && pattern.test(err.message);

// This file runs engines of its own in a temporary directory, apart from the run's shared engine.
describe('backups of the embedded engine', function () {
  this.timeout(300_000);
  let root: string;
  let sourceDir: string;
  let source: RunningEngine | undefined;
  let expected: Map<string, string[]>;
  const liveBackup = () => path.join(root, 'backups', 'live.dump');
  const restoredDataDir = () => path.join(root, 'restored');

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-backup-'));
    // When the tests run as root, PostgreSQL runs as its own user and must be able to enter this directory.
    fs.chmodSync(root, 0o711);
    sourceDir = engineClusterDir(path.join(root, 'source'));
    source = await startEngine({ dir: sourceDir });
    await connectDatabase(source.uri, 'battery_talent_hub', source.postgresUrl);
    await seedDemo();
    await disconnectDatabase();
    // A second database, of generated data, as the benchmarks make it.
    await connectDatabase(source.uri, 'generated', source.postgresUrl);
    await seedUniversities();
    await generate({ name: 'backup test', courses: 24, trainees: 120, enrollments: 300 }, 7);
    await disconnectDatabase();
  });

  after(async () => {
    await disconnectDatabase();
    await source?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('backs up the running engine, and a restore into an empty directory gives the app every document as it was', async () => {
    const made = await backup({ clusterDir: sourceDir, file: liveBackup(), say: quiet });
    assert.equal(made.startedEngine, false);
    assert.equal(
      fs.statSync(liveBackup()).mode & 0o777,
      0o600,
      'a backup holds personal data: only its owner may read it',
    );

    const client = new mongoose.mongo.MongoClient(source!.uri, { directConnection: true });
    try {
      expected = await readEverything(client);
    } finally {
      await client.close();
    }
    assert.deepEqual(made.databases, countsOf(expected));
    assert.deepEqual(
      made.databases.map((d) => d.name),
      ['battery_talent_hub', 'generated'],
    );
    assert.ok(made.databases.every((d) => d.documents > 500));

    const restored = await restore({ clusterDir: engineClusterDir(restoredDataDir()), file: liveBackup(), say: quiet });
    assert.deepEqual(restored.databases, made.databases);
    assert.equal(restored.movedAside, undefined);

    // The app opens the restored directory as it opens any DATA_DIR.
    const config = loadConfig({
      NODE_ENV: 'test',
      SESSION_SECRET: 'test-secret-that-is-long-enough-for-validation',
      LOG_LEVEL: 'silent',
      DATA_DIR: restoredDataDir(),
    });
    const db = await openDatabase(config, {
      logger: createLogger('silent'),
      say: quiet,
      onEngineGaveUp: () => assert.fail('the engine failed'),
    });
    try {
      const actual = await readEverything(mongoose.connection.getClient());
      assert.deepEqual([...actual.keys()], [...expected.keys()]);
      for (const [collection, docs] of expected) assert.deepEqual(actual.get(collection), docs, collection);

      const app = createApp({ config, logger: createLogger('silent'), i18n: await createI18n() });
      const course = await Course.findOne({ status: 'published' }).lean();
      const page = await request(app)
        .get(`/courses/${String(course!._id)}`)
        .expect(200);
      assert.ok(page.text.includes(course!.title.ko));
    } finally {
      await db.close();
    }
  });

  it('backs up a stopped engine by starting it for the dump and stopping it after', async () => {
    await source!.stop();
    source = undefined;
    const file = path.join(root, 'backups', 'stopped.dump');
    const made = await backup({ clusterDir: sourceDir, file, say: quiet });
    assert.equal(made.startedEngine, true);
    assert.deepEqual(made.databases, countsOf(expected));
    assert.deepEqual(contentsOf(file), contentsOf(liveBackup()));
    assert.equal(
      fs.existsSync(path.join(sourceDir, 'postmaster.pid')),
      false,
      'the engine started for the backup was left running',
    );
  });

  it('refuses to restore over a database unless forced, and then moves that one aside', async () => {
    const target = engineClusterDir(restoredDataDir());
    const before = fs.readdirSync(target).sort();
    await assert.rejects(
      restore({ clusterDir: target, file: liveBackup(), say: quiet }),
      rejectsWith(/is not empty[\s\S]*--force/),
    );
    assert.deepEqual(fs.readdirSync(target).sort(), before);

    const forced = await restore({ clusterDir: target, file: liveBackup(), force: true, say: quiet });
    const aside = forced.movedAside ?? '';
    assert.ok(aside.startsWith(`${target}.replaced-`), aside);
    assert.ok(fs.existsSync(path.join(aside, 'PG_VERSION')));
    assert.deepEqual(forced.databases, countsOf(expected));
  });

  it('puts back the database it moved aside when the restore fails part-way', async () => {
    const target = engineClusterDir(restoredDataDir());
    const inode = fs.statSync(target).ino;
    const siblings = fs.readdirSync(path.dirname(target)).sort();
    // A statement that only PostgreSQL finds wrong: the file reads back whole.
    const whole = fs.readFileSync(liveBackup());
    const broken = path.join(root, 'broken.dump');
    whole.write('CREATE TABLX', whole.lastIndexOf('CREATE TABLE'));
    fs.writeFileSync(broken, whole);

    await assert.rejects(
      restore({ clusterDir: target, file: broken, force: true, say: quiet }),
      rejectsWith(/pg_restore failed[\s\S]*TABLX/),
    );
    assert.equal(fs.statSync(target).ino, inode);
    assert.deepEqual(fs.readdirSync(path.dirname(target)).sort(), siblings);
  });

  it('rejects a missing, a garbage, a truncated and a damaged file before it changes anything', async () => {
    const target = engineClusterDir(path.join(root, 'untouched'));
    const whole = fs.readFileSync(liveBackup());
    const garbage = path.join(root, 'garbage.dump');
    fs.writeFileSync(garbage, crypto.randomBytes(4096));
    const truncated = path.join(root, 'truncated.dump');
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const damaged = path.join(root, 'damaged.dump');
    // Past the table of contents, in the compressed table data.
    const flipped = Buffer.from(whole);
    const start = Math.floor(flipped.length * 0.8);
    for (let i = start; i < start + 100; i++) flipped[i]! ^= 0x55;
    fs.writeFileSync(damaged, flipped);

    const cases: [string, RegExp][] = [
      [path.join(root, 'missing.dump'), /missing\.dump: no such file/],
      [garbage, /is not a backup made by npm run backup/],
      [truncated, /is damaged or incomplete/],
      [damaged, /is damaged or incomplete/],
    ];
    for (const [file, message] of cases) {
      await assert.rejects(restore({ clusterDir: target, file, say: quiet }), rejectsWith(message), file);
      assert.equal(fs.existsSync(target), false, file);
    }
  });

  it("says so when PostgreSQL's tools are missing", async () => {
    const binDir = path.join(root, 'no-postgres');
    await assert.rejects(
      backup({ clusterDir: sourceDir, file: path.join(root, 'x.dump'), binDir }),
      rejectsWith(/pg_dump was not found in .*no-postgres/),
    );
    await assert.rejects(
      restore({ clusterDir: path.join(root, 'y'), file: liveBackup(), binDir }),
      rejectsWith(/pg_restore was not found in .*no-postgres/),
    );
  });
});
