import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import pg from 'pg';
import { bumpCacheVersion, CacheVersion, readCacheVersion } from '../../models/cache-version';
import { ChangeChannel, changeChannel, listenerName } from '../../server/db/change-channel';
import { useTestApp } from '../support/app';
import { commandsDuring, countOf } from '../support/commands';

const versionReads = async (run: () => Promise<unknown>) => countOf(await commandsDuring(run), 'find cacheversions');

/** Waits for the change channel to be `listening` or not: its connection's events arrive on their own time. */
async function channelBecomes(listening: boolean) {
  for (const deadline = Date.now() + 10_000; changeChannel.listening !== listening;) {
    if (Date.now() > deadline) throw new Error(`the change channel is not ${listening ? 'up' : 'down'} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('cache versions held while the change channel listens', () => {
  useTestApp({}, { monitorCommands: true });
  /** Another instance on the same database: it writes a token and tells the others, as bumpCacheVersion does there. */
  const other = new ChangeChannel();
  before(() => other.open(process.env.TEST_POSTGRES_URL!, mongoose.connection.name));
  after(() => other.close());

  async function bumpedElsewhere(key: string): Promise<string> {
    const token = crypto.randomUUID();
    await CacheVersion.updateOne({ _id: key }, { $set: { token } }, { upsert: true });
    await other.publish([`v:${key}`]);
    return token;
  }

  it('reads the tokens once, then serves them without a read until one changes', async () => {
    await channelBecomes(true);
    const first = await readCacheVersion('held-a');
    assert.equal(await versionReads(() => readCacheVersion('held-a')), 0);
    assert.equal(await readCacheVersion('held-a'), first);

    await bumpCacheVersion('held-a');
    let bumped = '';
    assert.equal(await versionReads(async () => (bumped = await readCacheVersion('held-a'))), 1);
    assert.notEqual(bumped, first, 'a change made here is seen at once');
    assert.equal(await versionReads(() => readCacheVersion('held-a')), 0);
  });

  it("sees a token changed by another instance as soon as that instance's change is answered", async () => {
    await channelBecomes(true);
    await readCacheVersion('held-b');
    assert.equal(await versionReads(() => readCacheVersion('held-b')), 0);
    const token = await bumpedElsewhere('held-b');
    assert.equal(await readCacheVersion('held-b'), token);
    assert.equal(await readCacheVersion('held-b'), token);
  });

  it('reads the tokens every time while the channel is down, and holds them again once it is back', async () => {
    await channelBecomes(true);
    await readCacheVersion('held-c');
    const postgres = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await postgres.connect();
    try {
      await postgres.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        listenerName,
      ]);
    } finally {
      await postgres.end();
    }
    await channelBecomes(false);
    // A write nobody is told of: while not listening, it is read all the same.
    const token = crypto.randomUUID();
    await CacheVersion.updateOne({ _id: 'held-c' }, { $set: { token } });
    assert.equal(await versionReads(async () => assert.equal(await readCacheVersion('held-c'), token)), 1);
    assert.equal(await versionReads(() => readCacheVersion('held-c')), 1);

    await channelBecomes(true);
    assert.equal(await versionReads(() => readCacheVersion('held-c')), 1);
    assert.equal(await versionReads(() => readCacheVersion('held-c')), 0);
  });
});
