import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import { createI18n } from '../../../server/i18n';
import { labelledRows } from '../../../server/services/city/figure-labels';

describe("the figures' breakdown labels", () => {
  let ko: TFunction;
  let en: TFunction;
  before(async () => {
    const i18n = await createI18n();
    ko = i18n.getFixedT('ko');
    en = i18n.getFixedT('en');
  });

  it('labels universities in the reader’s language and sorts by the label as that language does', () => {
    const rows = [
      { key: 'postech', n: 1 },
      { key: 'korea', n: 2 },
      { key: 'knu', n: 3 },
    ];
    assert.deepEqual(
      labelledRows(rows, 'university', ko, 'ko').map((r) => [r.label, r.n]),
      [
        ['경북대학교', 3],
        ['고려대학교', 2],
        ['포스텍', 1],
      ],
    );
    assert.deepEqual(
      labelledRows(rows, 'university', en, 'en').map((r) => r.key),
      ['korea', 'knu', 'postech'],
    );
  });

  it('labels tracks as the catalog does and categories by the city’s words', () => {
    assert.deepEqual(
      labelledRows([{ key: 'cell' }], 'track', en, 'en').map((r) => r.label),
      ['Cell & process'],
    );
    assert.deepEqual(
      labelledRows([{ key: 'student' }, { key: 'job_seeker' }], 'category', ko, 'ko').map((r) => r.label),
      ['구직자', '대학(원)생'],
    );
  });

  it('keeps quarters and course codes as their own labels, in the order given', () => {
    const quarters = [{ key: '2026-Q2' }, { key: '2026-Q1' }];
    assert.deepEqual(
      labelledRows(quarters, 'quarter', ko, 'ko').map((r) => r.label),
      ['2026-Q2', '2026-Q1'],
    );
    assert.deepEqual(
      labelledRows([{ key: 'Z-1' }, { key: 'A-1' }], 'course', en, 'en').map((r) => r.label),
      ['Z-1', 'A-1'],
    );
  });
});
