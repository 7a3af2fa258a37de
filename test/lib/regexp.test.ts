import assert from 'node:assert/strict';
import { escapeRegExp } from '../../server/lib/regexp';

describe('escapeRegExp', () => {
  it('matches the text literally, metacharacters included', () => {
    const text = 'a.b*c+d?e^f$g{1}(h)|i[j]k\\l';
    const pattern = new RegExp(`^${escapeRegExp(text)}$`);
    assert.ok(pattern.test(text));
    assert.ok(!pattern.test('aXb*c+d?e^f$g{1}(h)|i[j]k\\l'), 'a dot is not a wildcard');
    assert.equal(escapeRegExp('홍길동 kim'), '홍길동 kim');
  });
});
