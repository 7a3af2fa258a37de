import assert from 'node:assert/strict';
import { pageWindow } from '../../server/lib/pagination';

describe('pageWindow', () => {
  it('keeps the requested page within the pages there are', () => {
    assert.deepEqual(pageWindow(25, 2, 10), { page: 2, pages: 3, skip: 10 });
    assert.deepEqual(pageWindow(25, 9, 10), { page: 3, pages: 3, skip: 20 });
    assert.deepEqual(pageWindow(25, 0, 10), { page: 1, pages: 3, skip: 0 });
    assert.deepEqual(pageWindow(30, -4, 10), { page: 1, pages: 3, skip: 0 });
  });

  it('gives an empty list one page', () => {
    assert.deepEqual(pageWindow(0, 3, 12), { page: 1, pages: 1, skip: 0 });
  });
});
