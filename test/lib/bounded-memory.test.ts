import assert from 'node:assert/strict';
import { BoundedMemory } from '../../server/lib/bounded-memory';

describe('bounded memory', () => {
  it('holds at most its capacity, letting the least recently used go first', () => {
    const memory = new BoundedMemory<string, number>(2);
    memory.set('a', 1, 100);
    memory.set('b', 2, 100);
    assert.equal(memory.get('a', 0), 1, 'a is now the most recently used');
    memory.set('c', 3, 100);
    assert.equal(memory.size, 2);
    assert.equal(memory.get('b', 0), undefined);
    assert.equal(memory.get('a', 0), 1);
    assert.equal(memory.get('c', 0), 3);
  });

  it('never returns a value at or past its time, and lets it go', () => {
    const memory = new BoundedMemory<string, number>(10);
    memory.set('a', 1, 100);
    assert.equal(memory.get('a', 99), 1);
    assert.equal(memory.get('a', 100), undefined);
    assert.equal(memory.size, 0);
  });

  it('drops what a test picks', () => {
    const memory = new BoundedMemory<string, { user: string }>(10);
    memory.set('s1', { user: 'u1' }, 100);
    memory.set('s2', { user: 'u2' }, 100);
    memory.set('s3', { user: 'u1' }, 100);
    memory.deleteWhere((v) => v.user === 'u1');
    assert.deepEqual(
      [memory.get('s1', 0), memory.get('s2', 0), memory.get('s3', 0)],
      [undefined, { user: 'u2' }, undefined],
    );
  });

  it('bounds the sum of the weights it is given, keeping the newest value even when it alone is heavier', () => {
    const memory = new BoundedMemory<string, string>(10, (text) => text.length);
    memory.set('a', 'aaaa', 100);
    memory.set('b', 'bbbb', 100);
    assert.equal(memory.get('a', 0), 'aaaa', 'a is now the most recently used');
    memory.set('c', 'cccc', 100);
    assert.deepEqual([memory.get('b', 0), memory.size, memory.weighs], [undefined, 2, 8]);
    memory.set('a', 'a', 100);
    assert.equal(memory.weighs, 5, 'a value set again is weighed again');
    assert.equal(memory.get('c', 200), undefined);
    assert.equal(memory.weighs, 1, 'a value past its time no longer weighs');
    memory.set('d', 'd'.repeat(12), 100);
    assert.deepEqual([memory.size, memory.weighs, memory.get('d', 0)?.length], [1, 12, 12]);
  });
});
