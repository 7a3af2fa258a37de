import assert from 'node:assert/strict';
import {
  initialsOf,
  matchesAll,
  searchable,
  searchKey,
  searchMatchers,
  searchTerms,
} from '../../server/lib/search-text';

describe('search text', () => {
  it('compares Korean and English text as a reader would type it', () => {
    assert.equal(searchKey('  ＢＭＳ\t설계\u3000과정 '), 'bms 설계 과정');
    assert.equal(searchKey('양극재'.normalize('NFD')), '양극재');
    assert.deepEqual(searchTerms(' 배터리  Battery 배터리 '), ['배터리', 'battery']);
    assert.deepEqual(searchTerms('   '), []);
  });

  it('needs every term, each anywhere in any field, taken literally', () => {
    const text = searchable(['배터리 관리 시스템', 'Battery management', undefined, '김하늘 교수', 'BMS-101']);
    assert.ok(matchesAll(text, searchMatchers('하늘 bms-1 관리')));
    assert.ok(matchesAll(text, []));
    assert.ok(!matchesAll(text, searchMatchers('배터리 없는말')));
    assert.ok(!matchesAll(text, searchMatchers('.*')));
  });

  it('ignores spacing, both ways', () => {
    const spaced = searchable(['실리콘 음극재 설계']);
    const joined = searchable(['실리콘음극재설계']);
    for (const record of [spaced, joined]) {
      assert.ok(matchesAll(record, searchMatchers('실리콘음극재')));
      assert.ok(matchesAll(record, searchMatchers('실리콘 음극재')));
      assert.ok(matchesAll(record, searchMatchers('콘음')));
    }
    assert.equal(spaced.text, '실리콘음극재설계');
  });

  it('never matches across two fields', () => {
    const record = searchable(['실리콘', '음극재']);
    assert.ok(!matchesAll(record, searchMatchers('실리콘음극재')));
    assert.ok(!matchesAll(record, searchMatchers('ㅅㄹㅋㅇㄱㅈ')));
    assert.ok(matchesAll(record, searchMatchers('실리콘 음극재')));
  });

  it('reads each syllable by its initial consonant, other characters as they are', () => {
    assert.equal(initialsOf('실리콘 음극재, BMS'), '\u1109\u1105\u110f \u110b\u1100\u110c, BMS');
    assert.equal(initialsOf(searchKey('ㅅㄹㅋ')), '\u1109\u1105\u110f');
    assert.equal(initialsOf('까'), searchKey('ㄲ'));
  });

  it('finds by initial consonants (ㅇㄱㅈ finds 음극재), and by a mix of syllables and consonants', () => {
    const record = searchable(['실리콘 음극재 설계', 'Silicon anode']);
    for (const query of ['ㅇㄱㅈ', 'ㅅㄹㅋㅇㄱㅈ', '음ㄱ재', '음극ㅈ', 'ㅅ리콘', 'ㅇㄱㅈ silicon'])
      assert.ok(matchesAll(record, searchMatchers(query)), query);
    for (const query of ['ㅇㄱㄱ', 'ㅈㄱㅇ', '음ㄴ재', 'ㅇㄱㅈ lithium', 'ㅏ'])
      assert.ok(!matchesAll(record, searchMatchers(query)), query);
    // A consonant matches the syllables it starts, not those it ends (악 starts with ㅇ and ends with ㄱ).
    assert.ok(matchesAll(searchable(['악']), searchMatchers('ㅇ')));
    assert.ok(!matchesAll(searchable(['악']), searchMatchers('ㄱ')));
    // Regular-expression characters next to a consonant stay literal.
    assert.ok(!matchesAll(record, searchMatchers('ㅇ.*')));
    assert.ok(matchesAll(searchable(['음.*']), searchMatchers('ㅇ.*')));
  });
});
