import assert from 'node:assert/strict';
import type { HelperOptions } from 'handlebars';
import { clock } from '../../server/lib/clock';
import { concat } from '../../views/helpers/concat';
import { formatDate } from '../../views/helpers/format-date';
import { labelled } from '../../views/helpers/labelled';
import { percent } from '../../views/helpers/percent';
import { untranslatedKorean } from '../../views/helpers/untranslated-korean';
import { withReturnTo } from '../../views/helpers/with-return-to';

describe('percent, concat, formatDate and withReturnTo helpers', () => {
  it('formats rates with at most one decimal and a dash for no value', () => {
    assert.equal(percent(0.8), '80%');
    assert.equal(percent(2 / 3), '66.7%');
    assert.equal(percent(1), '100%');
    assert.equal(percent(null), '—');
    assert.equal(percent(undefined), '—');
  });

  it('carries a return address in the query, encoded, only when there is one', () => {
    assert.equal(withReturnTo('/register', '/courses/abc?x=1'), '/register?returnTo=%2Fcourses%2Fabc%3Fx%3D1');
    assert.equal(withReturnTo('/register', undefined), '/register');
    assert.equal(withReturnTo('/login', ''), '/login');
  });

  it('joins its arguments, ignoring the Handlebars options object', () => {
    assert.equal(concat('reason.', 'abc', 1, {}), 'reason.abc1');
    assert.equal(concat(undefined, 'x', {}), 'x');
  });

  it('writes dates in Asia/Seoul with the weekday and a 24-hour clock, in the page language, the year only when not this one', () => {
    const page = (lang: string) => ({ data: { root: { lang } } }) as unknown as HelperOptions;
    const realNow = clock.now;
    clock.now = () => Date.parse('2026-06-01T00:00:00Z');
    try {
      const afternoon = new Date('2026-11-25T05:23:00Z');
      assert.equal(formatDate(afternoon, 'datetime', page('ko')), '11월 25일 (수) 14:23');
      assert.equal(formatDate(afternoon, 'datetime', page('en')), 'Wed 25 Nov, 14:23');
      assert.equal(formatDate(afternoon, page('ko')), '11월 25일 (수)');
      assert.equal(formatDate(afternoon, page('en')), 'Wed 25 Nov');
      // A session's calendar day, and an instant that is already Tuesday in Seoul but still Monday in UTC.
      assert.equal(formatDate('2026-12-01', page('ko')), '12월 1일 (화)');
      assert.equal(formatDate(new Date('2026-11-30T15:30:00Z'), page('en')), 'Tue 1 Dec');
      assert.equal(formatDate('2027-01-01', page('ko')), '2027년 1월 1일 (금)');
      assert.equal(formatDate(new Date('2025-03-04T01:00:00Z'), 'datetime', page('en')), 'Tue, 4 Mar 2025, 10:00');
      assert.equal(formatDate(null, page('ko')), '');
      assert.equal(formatDate('not a date', page('ko')), '');
    } finally {
      clock.now = realNow;
    }
  });
});

describe('untranslatedKorean and labelled helpers', () => {
  const labels: Record<string, string> = {
    'courses.tracks.cell': '셀·공정',
    'courses.tracks.materials': '소재',
    'courses.tracks.analysis': '분석·가속기',
    'city.category_student': '대학(원)생',
  };
  const page = (lang: string) =>
    ({ data: { root: { lang, t: (key: string) => labels[key] ?? key } } }) as unknown as HelperOptions;

  it('flags Korean text on a page in another language only', () => {
    assert.equal(untranslatedKorean('양극재 실습', page('en')), true);
    assert.equal(untranslatedKorean('양극재 실습', page('ko')), false);
    assert.equal(untranslatedKorean('Cathode lab', page('en')), false);
    assert.equal(untranslatedKorean(undefined, page('en')), false);
  });

  it('labels breakdown rows and sorts them by label in the page language; quarters keep their order', () => {
    const rows = [{ key: 'materials' }, { key: 'analysis' }, { key: 'cell' }];
    assert.deepEqual(
      labelled(rows, 'track', page('ko')).map((r) => r.label),
      ['분석·가속기', '셀·공정', '소재'],
    );
    assert.deepEqual(
      labelled([{ key: '2026-Q4' }, { key: '2026-Q1' }], 'quarter', page('ko')).map((r) => r.label),
      ['2026-Q4', '2026-Q1'],
    );
    assert.deepEqual(labelled([{ key: 'student' }], 'category', page('ko')), [{ key: 'student', label: '대학(원)생' }]);
  });
});
