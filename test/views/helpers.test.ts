import assert from 'node:assert/strict';
import { concat } from '../../views/helpers/concat';
import { percent } from '../../views/helpers/percent';

describe('percent and concat helpers', () => {
  it('formats rates with at most one decimal and a dash for no value', () => {
    assert.equal(percent(0.8), '80%');
    assert.equal(percent(2 / 3), '66.7%');
    assert.equal(percent(1), '100%');
    assert.equal(percent(null), '—');
    assert.equal(percent(undefined), '—');
  });

  it('joins its arguments, ignoring the Handlebars options object', () => {
    assert.equal(concat('reason.', 'abc', 1, {}), 'reason.abc1');
    assert.equal(concat(undefined, 'x', {}), 'x');
  });
});
