import assert from 'node:assert/strict';
import { matchesAll, searchable, searchKey, searchTerms } from '../../server/lib/search-text';

describe('search text', () => {
  it('compares Korean and English text as a reader would type it', () => {
    assert.equal(searchKey('  ＢＭＳ\t설계\u3000과정 '), 'bms 설계 과정');
    assert.equal(searchKey('양극재'.normalize('NFD')), '양극재');
    assert.deepEqual(searchTerms(' 배터리  Battery 배터리 '), ['배터리', 'battery']);
    assert.deepEqual(searchTerms('   '), []);
  });

  it('needs every term, each anywhere in any field, taken literally', () => {
    const text = searchable(['배터리 관리 시스템', 'Battery management', undefined, '김하늘 교수', 'BMS-101']);
    assert.ok(matchesAll(text, searchTerms('하늘 bms-1 관리')));
    assert.ok(matchesAll(text, []));
    assert.ok(!matchesAll(text, searchTerms('배터리 없는말')));
    assert.ok(!matchesAll(text, searchTerms('.*')));
  });
});
