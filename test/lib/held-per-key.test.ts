import assert from 'node:assert/strict';
import { heldPerKey } from '../../server/lib/held-per-key';

describe('lib/held-per-key: values held per key behind a version token', () => {
  it('reads each key once while the token holds, again after it changes, and holds an absent value too', async () => {
    let token = 'one';
    const reads: string[] = [];
    const get = heldPerKey(
      () => Promise.resolve(token),
      10,
      (key) => {
        reads.push(key);
        return Promise.resolve(key === 'none' ? undefined : `${key}@${token}`);
      },
    );
    assert.equal(await get('a'), 'a@one');
    assert.equal(await get('a'), 'a@one');
    assert.equal(await get('none'), undefined);
    assert.equal(await get('none'), undefined);
    assert.deepEqual(reads, ['a', 'none']);
    token = 'two';
    assert.equal(await get('a'), 'a@two');
    assert.deepEqual(reads, ['a', 'none', 'a']);
  });

  it('keeps only the most recently used keys', async () => {
    const reads: string[] = [];
    const get = heldPerKey(
      () => Promise.resolve('same'),
      2,
      (key) => {
        reads.push(key);
        return Promise.resolve(key);
      },
    );
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) await get(key);
    // 'b' was the least recently used when 'c' came, so it is read again.
    assert.deepEqual(reads, ['a', 'b', 'c', 'b']);
  });
});
