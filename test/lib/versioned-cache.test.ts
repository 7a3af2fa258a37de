import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { bumpCacheVersion, readCacheVersion } from '../../models/cache-version';
import { Seat } from '../../models/seat';
import { changeChannel } from '../../server/db/change-channel';
import { DatabaseUnavailableError } from '../../server/errors';
import { VersionedCache } from '../../server/lib/versioned-cache';
import { useTestApp } from '../support/app';
import { operationsDuring } from '../support/operations';

describe('versioned in-process cache', () => {
  useTestApp();

  function counting(key: string) {
    let builds = 0;
    const cache = new VersionedCache(
      () => readCacheVersion(key),
      () => Promise.resolve(++builds),
    );
    return { cache, builds: () => builds };
  }

  it('answers 503 to callers of a version read that never settles, and reads anew for the next', async () => {
    let reads = 0;
    const cache = new VersionedCache(
      () => (++reads === 1 ? new Promise<string>(() => undefined) : Promise.resolve('v1')),
      () => Promise.resolve('built'),
      50,
    );
    const first = cache.get();
    const behind = cache.get();
    await assert.rejects(first, DatabaseUnavailableError);
    assert.equal(await behind, 'built');
    assert.equal(await cache.get(), 'built');
    assert.equal(reads, 3);
  });

  it('builds once for many simultaneous reads while the version stands', async () => {
    const { cache, builds } = counting('test-once');
    const values = await Promise.all(Array.from({ length: 25 }, () => cache.get()));
    assert.deepEqual(new Set(values), new Set([1]));
    await cache.get();
    assert.equal(builds(), 1);
  });

  it('rebuilds in every instance after a change made anywhere', async () => {
    const here = counting('test-shared');
    const there = counting('test-shared');
    assert.equal(await here.cache.get(), 1);
    assert.equal(await there.cache.get(), 1);
    await bumpCacheVersion('test-shared');
    assert.equal(await here.cache.get(), 2);
    assert.equal(await there.cache.get(), 2);
  });

  it('reads the versions of every cache a page asks for at once in one query, or none while they are held', async () => {
    const caches = ['test-a', 'test-b', 'test-c'].map((key) => counting(key).cache);
    await Promise.all(caches.map((c) => c.get()));
    const reads = (await operationsDuring(() => Promise.all(caches.map((c) => c.get())))).filter(
      (op) => op.collection === 'cacheversions' && op.method.startsWith('find'),
    ).length;
    // Held while the change channel listens (test/db/held-cache-versions.test.ts).
    assert.equal(reads, changeChannel.listening ? 0 : 1);
  });

  it('gives a fresh database its own version, so nothing cached from another database matches', async () => {
    const first = await readCacheVersion('test-fresh');
    assert.match(first, /^[0-9a-f-]{36}$/);
    assert.equal(await readCacheVersion('test-fresh'), first);
  });

  it('changes the counts version, not the catalog version, on every seat write', async () => {
    const course = new Types.ObjectId();
    const [catalog, before] = [await readCacheVersion('catalog'), await readCacheVersion('catalog-counts')];
    const seat = await Seat.create({
      course,
      seatNo: 1,
      trainee: new Types.ObjectId(),
      enrollment: new Types.ObjectId(),
    });
    const afterInsert = await readCacheVersion('catalog-counts');
    assert.notEqual(afterInsert, before);
    await Seat.deleteOne({ _id: seat._id });
    assert.notEqual(await readCacheVersion('catalog-counts'), afterInsert);
    assert.equal(await readCacheVersion('catalog'), catalog, 'the catalog snapshot stays');
  });
});
