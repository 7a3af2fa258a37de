import assert from 'node:assert/strict';
import { graphemes, normalizeText, textProblem } from '../../server/lib/text';

const count = (text: string) => Array.from(graphemes(text)).length;

describe('the text rule (what forms accept and models store)', () => {
  it('counts characters as a reader does, whatever their UTF-16 length', () => {
    assert.equal(count('이차전지'), 4);
    assert.equal(count('😀'.repeat(3)), 3);
    assert.equal(count('👍🏽👨‍👩‍👧‍👦🇰🇷'), 3);
    assert.equal(count('🏴󠁧󠁢󠁳󠁣󠁴󠁿'), 1, 'a flag made of tag characters');
    assert.equal(count('e\u0301'), 1);
    assert.equal(
      textProblem('😀'.repeat(100), 100),
      undefined,
      '100 emoji are 200 UTF-16 units and fit a 100-character field',
    );
    assert.deepEqual(textProblem('😀'.repeat(101), 100), { kind: 'tooLong', max: 100 });
    assert.deepEqual(textProblem('a'.repeat(101), 100), { kind: 'tooLong', max: 100 });
  });

  it('counts a long text in linear time and the same as one pass of the segmenter', () => {
    const mixed = '가나다 abc 👨‍👩‍👧‍👦 🇰🇷🇯🇵 e\u0301 '.repeat(40);
    assert.equal(
      count(mixed),
      Array.from(new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(mixed)).length,
    );
    const started = Date.now();
    assert.equal(count('가'.repeat(200_000)), 200_000);
    assert.ok(Date.now() - started < 5_000, `200,000 characters took ${Date.now() - started} ms`);
  });

  it('refuses a text far beyond the limit without segmenting it', () => {
    const started = Date.now();
    assert.deepEqual(textProblem('가'.repeat(1_000_000), 100), { kind: 'tooLong', max: 100 });
    assert.ok(Date.now() - started < 500);
  });

  it('composes (NFC) and trims; a multi-line text keeps LF line breaks', () => {
    const decomposed = '한글'.normalize('NFD');
    assert.equal(decomposed.length, 6);
    assert.equal(normalizeText(` ${decomposed}\u3000`), '한글');
    assert.equal(normalizeText('a\r\nb\rc', { multiline: true }), 'a\nb\nc');
    assert.equal(normalizeText('a\r\nb'), 'a\r\nb', 'a one-line text keeps them, to be refused');
  });

  it('refuses control, direction, invisible and format characters, naming the first', () => {
    const refused: [string, string][] = [
      ['a\u0000b', 'U+0000'],
      ['a\u0001b', 'U+0001'],
      ['a\u001Fb', 'U+001F'],
      ['a\u007Fb', 'U+007F'],
      ['a\u0085b', 'U+0085'],
      ['a\u009Fb', 'U+009F'],
      ['abc\u202Egpj.exe', 'U+202E'],
      ['a\u202Ab', 'U+202A'],
      ['a\u2066b\u2069', 'U+2066'],
      ['a\u200Fb', 'U+200F'],
      ['a\u061Cb', 'U+061C'],
      ['a\u200Bb', 'U+200B'],
      ['a\u200Cb', 'U+200C'],
      ['a\u200Db', 'U+200D'],
      ['a\u2060b', 'U+2060'],
      ['a\uFEFFb', 'U+FEFF'],
      ['a\u00ADb', 'U+00AD'],
      ['a\u{E0041}\u{E0042}', 'U+E0041'],
      ['a\u2028b', 'U+2028'],
      ['a\u2029b', 'U+2029'],
      ['a\uD800b', 'U+D800'],
      ['\u3164', 'U+3164'],
      ['a\uFFA0', 'U+FFA0'],
      ['\u115Fa', 'U+115F'],
      ['a\nb', 'U+000A'],
      ['a\tb', 'U+0009'],
    ];
    for (const [text, codePoint] of refused)
      assert.deepEqual(textProblem(text, 100), { kind: 'character', codePoint }, JSON.stringify(text));
  });

  it('keeps what real text needs: emoji joiners, flag tags, marks, and line breaks and tabs in a multi-line field', () => {
    for (const text of ['👨‍👩‍👧‍👦', '🧑🏻‍❤️‍💋‍🧑🏼', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', 'Nguyễn', 'ภาษาไทย', '한국어 English 日本語', '\uE000']) {
      assert.equal(textProblem(text, 100), undefined, text);
    }
    assert.equal(textProblem('첫 줄\n\t둘째 줄', 100, { multiline: true }), undefined);
    assert.deepEqual(textProblem('첫 줄\u202E', 100, { multiline: true }), { kind: 'character', codePoint: 'U+202E' });
    assert.deepEqual(textProblem('a\u0002', 100, { multiline: true }), { kind: 'character', codePoint: 'U+0002' });
  });

  it('refuses a character stacking many combining marks, or an endless joiner chain', () => {
    assert.equal(textProblem('a\u0301\u0302\u0303\u0304', 100), undefined);
    assert.deepEqual(textProblem('Z\u0301\u0302\u0303\u0304\u0305', 100), { kind: 'stacked' });
    assert.deepEqual(textProblem(`a${'\u0301'.repeat(500)}`, 100), { kind: 'stacked' });
    assert.deepEqual(textProblem(Array(20).fill('😀').join('\u200D'), 100), { kind: 'stacked' });
  });
});
