import assert from 'node:assert/strict';
import { nextPosition } from '../../../server/services/allocation/positions';

describe('queue positions', () => {
  it('follows the time of arrival in microseconds and never repeats, even within one millisecond', () => {
    const before = Date.now() * 1000;
    const positions = Array.from({ length: 1000 }, () => nextPosition());
    assert.ok(positions[0]! >= before);
    assert.ok(positions[0]! <= (Date.now() + 1) * 1000);
    for (let i = 1; i < positions.length; i++) assert.ok(positions[i]! > positions[i - 1]!, `position ${i}`);
  });

  it('does not go back when the clock does', () => {
    const realNow = Date.now;
    const last = nextPosition();
    Date.now = () => realNow() - 60_000;
    try {
      assert.equal(nextPosition(), last + 1);
    } finally {
      Date.now = realNow;
    }
  });
});
