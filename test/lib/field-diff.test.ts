import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { fieldDiff } from '../../server/lib/field-diff';

describe('fieldDiff (what an audited update changed)', () => {
  const [a, b, c] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];

  it('keeps only the changed fields, following nested objects, with dates and ids as text', () => {
    const at = new Date('2026-03-02T00:00:00Z');
    const diff = fieldDiff(
      {
        title: { ko: '같음', en: 'Old' },
        capacity: 20,
        opensAt: at,
        university: a,
        instructors: ['김', '이'],
        venue: undefined,
      },
      {
        title: { ko: '같음', en: 'New' },
        capacity: 20,
        opensAt: new Date('2026-03-03T00:00:00Z'),
        university: b,
        instructors: ['김'],
        venue: '포항',
      },
    );
    assert.deepEqual(diff, {
      before: {
        title: { en: 'Old' },
        opensAt: '2026-03-02T00:00:00.000Z',
        university: String(a),
        instructors: ['김', '이'],
        venue: null,
      },
      after: {
        title: { en: 'New' },
        opensAt: '2026-03-03T00:00:00.000Z',
        university: String(b),
        instructors: ['김'],
        venue: '포항',
      },
    });
  });

  it('matches subdocuments by id: a moved one is recorded whole on both sides, an added or removed one against null', () => {
    const session = (_id: Types.ObjectId, date: string, topic = '개론') => ({
      _id,
      date,
      start: '09:00',
      end: '12:00',
      topic,
    });
    const diff = fieldDiff(
      { sessions: [session(a, '2026-03-02'), session(b, '2026-03-03')] },
      { sessions: [session(c, '2026-03-20'), session(a, '2026-03-09')] },
    );
    const whole = (date: string) => ({ date, end: '12:00', start: '09:00', topic: '개론' });
    assert.deepEqual(diff, {
      before: { sessions: { [String(a)]: whole('2026-03-02'), [String(b)]: whole('2026-03-03'), [String(c)]: null } },
      after: { sessions: { [String(a)]: whole('2026-03-09'), [String(b)]: null, [String(c)]: whole('2026-03-20') } },
    });
    assert.deepEqual(fieldDiff({ sessions: [] }, { sessions: [session(a, '2026-03-02')] }), {
      before: { sessions: { [String(a)]: null } },
      after: { sessions: { [String(a)]: whole('2026-03-02') } },
    });
  });

  it('never writes a key with a dot, which the database refuses', () => {
    const diff = fieldDiff(
      { a: { b: { c: 1 } }, list: [{ _id: a, x: 1 }] },
      { a: { b: { c: 2 } }, list: [{ _id: a, x: 2 }] },
    );
    const keys = (v: unknown): string[] =>
      typeof v === 'object' && v !== null ? Object.entries(v).flatMap(([k, x]) => [k, ...keys(x)]) : [];
    assert.ok(diff && keys(diff).every((k) => !k.includes('.')));
  });

  it('says nothing changed when nothing did, whatever the key order or id type', () => {
    assert.equal(fieldDiff({ x: { p: 1, q: [a] }, y: 'same' }, { y: 'same', x: { q: [String(a)], p: 1 } }), undefined);
  });
});
