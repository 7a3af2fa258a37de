import assert from 'node:assert/strict';
import { concat } from '../../views/helpers/concat';
import { percent } from '../../views/helpers/percent';

const options = { data: { root: {} }, hash: {} };

describe('view helpers added for courses', () => {
  it('concat joins its arguments and drops the options object', () => {
    assert.equal(concat('courses.tracks.', 'cell', options), 'courses.tracks.cell');
    assert.equal(concat('a', undefined, 3, options), 'a3');
  });

  it('percent turns a 0–1 share into a whole percentage', () => {
    assert.equal(percent(0.8), 80);
    assert.equal(percent(0.755), 76);
    assert.equal(percent('x'), 0);
  });
});
