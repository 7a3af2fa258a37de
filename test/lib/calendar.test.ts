import assert from 'node:assert/strict';
import {
  parseDay,
  parseSeoulDateTime,
  parseTime,
  seoulDayBounds,
  seoulDayOf,
  seoulWallClock,
  toSeoulDateTimeInput,
} from '../../server/lib/calendar';

describe('reading typed dates and times (Asia/Seoul)', () => {
  it('reads real calendar days, leap days included', () => {
    for (const day of [
      '2027-01-31',
      '2027-02-28',
      '2028-02-29',
      '2000-02-29',
      '2027-12-31',
      '2000-01-01',
      '2099-12-31',
    ])
      assert.deepEqual(parseDay(day), { ok: true, value: day });
  });

  it('refuses days that are not on the calendar instead of rolling them over', () => {
    for (const day of [
      '2027-02-29',
      '2027-02-30',
      '2100-02-29',
      '2027-04-31',
      '2027-13-01',
      '2027-00-10',
      '2027-01-00',
      '2027-99-99',
      '0000-00-00',
      '2027-01-32',
    ]) {
      assert.deepEqual(parseDay(day), { ok: false, problem: 'impossible' }, day);
    }
    // What `new Date` makes of it: the reason for this reader.
    assert.equal(new Date('2027-02-30T00:00:00+09:00').toISOString().slice(0, 10), '2027-03-01');
  });

  it('refuses years outside the programme and anything not shaped YYYY-MM-DD', () => {
    for (const day of ['0000-01-01', '0202-03-01', '1999-12-31', '2100-01-01', '9999-12-31'])
      assert.deepEqual(parseDay(day), { ok: false, problem: 'range' }, day);
    for (const day of [
      '',
      '2027-1-5',
      '27-01-05',
      '2027/01/05',
      '2027-01-05T09:00',
      ' 2027-01-05',
      '２０２７-01-05',
      '+02027-01-05',
      '2027-01-05\n',
    ]) {
      assert.deepEqual(parseDay(day), { ok: false, problem: 'format' }, JSON.stringify(day));
    }
  });

  it('reads times of day 00:00–23:59', () => {
    assert.deepEqual(parseTime('00:00'), { ok: true, value: '00:00' });
    assert.deepEqual(parseTime('23:59'), { ok: true, value: '23:59' });
    for (const t of ['24:00', '99:99', '12:60'])
      assert.deepEqual(parseTime(t), { ok: false, problem: 'impossible' }, t);
    for (const t of ['9:00', '09:00:00', '0900', '', 'noon'])
      assert.deepEqual(parseTime(t), { ok: false, problem: 'format' }, t);
  });

  it('reads a datetime-local value as the instant it means in Seoul, and writes it back', () => {
    const parsed = parseSeoulDateTime('2027-03-02T09:30');
    assert.ok(parsed.ok);
    assert.equal(parsed.value.toISOString(), '2027-03-02T00:30:00.000Z');
    assert.equal(toSeoulDateTimeInput(parsed.value), '2027-03-02T09:30');
    assert.equal(toSeoulDateTimeInput(undefined), '');
    assert.deepEqual(parseSeoulDateTime('2027-13-45T99:99'), { ok: false, problem: 'impossible' });
    assert.deepEqual(parseSeoulDateTime('2027-02-28T24:00'), { ok: false, problem: 'impossible' });
    assert.deepEqual(parseSeoulDateTime('0000-01-01T09:00'), { ok: false, problem: 'range' });
    for (const v of ['2027-03-02', '2027-03-02 09:30', '2027-03-02T09:30Z', '2027-03-02T09:30T10:00', 'T'])
      assert.deepEqual(parseSeoulDateTime(v), { ok: false, problem: 'format' }, v);
  });

  it('reads instants on the Seoul calendar: the day turns at 15:00 UTC, and a day has a first and a last millisecond', () => {
    assert.equal(seoulDayOf(new Date('2026-12-31T14:59:59.999Z')), '2026-12-31');
    assert.equal(seoulDayOf(new Date('2026-12-31T15:00:00.000Z')), '2027-01-01');
    assert.equal(seoulWallClock(new Date('2026-12-31T15:00:00.000Z')).getUTCFullYear(), 2027);
    const { start, end } = seoulDayBounds('2027-03-02');
    assert.equal(start.toISOString(), '2027-03-01T15:00:00.000Z');
    assert.equal(end.toISOString(), '2027-03-02T14:59:59.999Z');
  });
});
