import assert from 'node:assert/strict';
import { isCommonPassword } from '../../server/auth/common-passwords';
import { newPassword } from '../../server/forms/password';

describe('password rules', () => {
  it('knows common passwords regardless of case', () => {
    for (const p of ['password123', 'QWERTY123456', '1q2w3e4r5t', 'Pohang1234'])
      assert.equal(isCommonPassword(p), true, p);
    assert.equal(isCommonPassword('lithium-iron-phosphate'), false);
  });

  it('gives one message key per reason', () => {
    const message = (p: unknown) => {
      const result = newPassword.safeParse(p);
      return result.success ? undefined : result.error.issues[0]?.message;
    };
    assert.equal(message(undefined), 'forms.required');
    assert.equal(message(''), 'forms.required');
    assert.equal(message('short'), 'auth.newPassword.tooShort');
    assert.equal(message('qwerty123456'), 'auth.newPassword.common');
    assert.equal(message('x'.repeat(300)), 'forms.tooLong');
    assert.equal(message('separator-coating-line'), undefined);
  });
});
