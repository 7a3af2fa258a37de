import assert from 'node:assert/strict';
import { bumpCacheVersion, readCacheVersion } from '../../models/cache-version';
import { useTestApp } from '../support/app';

describe('many updates at once on the engine', () => {
  useTestApp();

  // FerretDB reads a document on one PostgreSQL connection and writes it on a second: with more
  // simultaneous updates than half its pool, every connection could be held by a read waiting for
  // a second one, and nothing answered again (server/db/connect.ts keeps the app's pool below that).
  it('answers a hundred simultaneous updates of one document', async function () {
    this.timeout(30_000);
    const before = await readCacheVersion('test-crowd');
    await Promise.all(Array.from({ length: 100 }, () => bumpCacheVersion('test-crowd')));
    assert.notEqual(await readCacheVersion('test-crowd'), before);
  });
});
