import assert from 'node:assert/strict';
import { dateText } from '../../server/lib/date-text';

describe('dateText', () => {
  it('writes a document’s date in full, with its year, in Korean and English', () => {
    assert.equal(dateText('2026-12-01', 'ko', 'long'), '2026년 12월 1일');
    assert.equal(dateText('2026-12-01', 'en', 'long'), '1 December 2026');
    // 15:30 UTC on 30 November is already 1 December in Seoul.
    assert.equal(dateText(new Date('2026-11-30T15:30:00Z'), 'en', 'long'), '1 December 2026');
  });

  it('gives nothing for a value that is not a date', () => {
    assert.equal(dateText('not a date', 'ko'), '');
    assert.equal(dateText(undefined, 'en'), '');
  });
});
