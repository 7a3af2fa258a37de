import assert from 'node:assert/strict';
import { pseudonymKey, pseudonymOf } from '../../server/lib/pseudonym';

describe('trainee pseudonyms', () => {
  const key = pseudonymKey('a-secret-that-is-long-enough-for-the-config-check');

  it('gives one id the same pseudonym every time, and different ids different ones', () => {
    const id = '6650a1b2c3d4e5f601234567';
    assert.equal(
      pseudonymOf(key, id),
      pseudonymOf(pseudonymKey('a-secret-that-is-long-enough-for-the-config-check'), id),
    );
    assert.match(pseudonymOf(key, id), /^P[0-9a-f]{20}$/);
    assert.notEqual(pseudonymOf(key, id), pseudonymOf(key, '6650a1b2c3d4e5f601234568'));
    assert.ok(!pseudonymOf(key, id).includes(id.slice(-8)), 'no part of the id shows');
  });

  it('depends on the secret: without it the pseudonym cannot be recomputed from an id', () => {
    const id = '6650a1b2c3d4e5f601234567';
    assert.notEqual(pseudonymOf(key, id), pseudonymOf(pseudonymKey('another-secret-that-is-long-enough-for-it'), id));
  });
});
