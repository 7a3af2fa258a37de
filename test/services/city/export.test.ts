import assert from 'node:assert/strict';
import { canonicalJson, sha256 } from '../../../server/lib/canonical-json';
import { csvCell } from '../../../server/lib/csv';
import { insertWithNextNumber } from '../../../server/lib/numbered-insert';
import { quarterOfDay } from '../../../server/services/figures/figures';

describe('pure pieces of reporting', () => {
  it('writes canonical JSON whatever the key order, so the hash is stable', () => {
    const a = canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' } });
    const b = canonicalJson({ a: { c: 'x', d: [2, { y: 2, z: 1 }] }, b: 1 });
    assert.equal(a, b);
    assert.equal(sha256(a), sha256(b));
    assert.notEqual(sha256(a), sha256(a.replace('"b":1', '"b":2')));
  });

  it('neutralises spreadsheet formulas and quotes CSV cells', () => {
    assert.equal(csvCell('=SUM(A1)'), "'=SUM(A1)");
    assert.equal(csvCell('+82 10'), "'+82 10");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@x'), "'@x");
    assert.equal(csvCell('a,"b"'), '"a,""b"""');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(csvCell(null), '');
  });

  it('maps days to quarters at the edges', () => {
    assert.deepEqual(
      ['2026-01-01', '2026-03-31', '2026-04-01', '2026-09-30', '2026-10-01', '2026-12-31'].map(quarterOfDay),
      ['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2026-Q4'],
    );
  });

  it('retries a numbered insert on a duplicate key and stops when the fact is settled', async () => {
    const taken = new Set([1, 2]);
    const dup = () => Object.assign(new Error('E11000'), { code: 11000 });
    const n = await insertWithNextNumber({
      first: async () => 1,
      insert: async (k) => (taken.has(k) ? Promise.reject(dup()) : k),
    });
    assert.equal(n, 3);
    const settled = await insertWithNextNumber({
      first: async () => 1,
      insert: async () => Promise.reject(dup()),
      settled: async () => 99,
    });
    assert.equal(settled, 99);
    await assert.rejects(
      insertWithNextNumber({ first: async () => 1, insert: async () => Promise.reject(new Error('boom')) }),
      /boom/,
    );
  });
});
