import assert from 'node:assert/strict';
import type { HelperOptions } from 'handlebars';
import { concat } from '../../views/helpers/concat';
import { formatDate } from '../../views/helpers/format-date';
import { percent } from '../../views/helpers/percent';
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

  it('writes dates in Asia/Seoul with a 24-hour clock, in the page language', () => {
    const page = (lang: string) => ({ data: { root: { lang } } }) as unknown as HelperOptions;
    const afternoon = new Date('2026-11-25T05:23:00Z');
    assert.equal(formatDate(afternoon, 'datetime', page('ko')), '2026. 11. 25. 14:23');
    assert.equal(formatDate(afternoon, 'datetime', page('en')), '25 Nov 2026, 14:23');
    assert.equal(formatDate(afternoon, page('ko')), '2026. 11. 25.');
    assert.equal(formatDate(null, page('ko')), '');
  });
});
