import assert from 'node:assert/strict';
import { bySessionStart } from '../../models/course';

describe('bySessionStart', () => {
  it('orders sessions by day, then by start time', () => {
    const sessions = [
      { date: '2026-03-10', start: '13:00' },
      { date: '2026-03-09', start: '18:00' },
      { date: '2026-03-10', start: '09:00' },
    ];
    assert.deepEqual(
      [...sessions].sort(bySessionStart).map((s) => `${s.date} ${s.start}`),
      ['2026-03-09 18:00', '2026-03-10 09:00', '2026-03-10 13:00'],
    );
  });
});
