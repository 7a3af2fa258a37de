import assert from 'node:assert/strict';
import { bySessionStart, trainingHours } from '../../models/course';

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

describe('trainingHours', () => {
  it('adds up the sessions to one decimal, a session that ends before it starts counting nothing', () => {
    assert.equal(
      trainingHours([
        { start: '09:00', end: '12:30' },
        { start: '14:00', end: '18:00' },
      ]),
      7.5,
    );
    assert.equal(trainingHours([{ start: '09:00', end: '09:20' }]), 0.3);
    assert.equal(trainingHours([{ start: '18:00', end: '09:00' }]), 0);
    assert.equal(trainingHours([]), 0);
  });
});
