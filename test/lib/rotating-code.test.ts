import assert from 'node:assert/strict';
import { rotatingCodes } from '../../server/lib/rotating-code';

describe('rotating signed codes', () => {
  const secret = 'a-session-secret-that-is-long-enough-0123';
  const codes = rotatingCodes(secret, 'check-in code', 30_000);
  const t0 = 1_800_000_000_000; // the start of a period

  it('accepts a code in its own period and the next, and calls it expired after that', () => {
    const code = codes.codeFor('course.session', t0 + 29_000);
    assert.equal(codes.check('course.session', code, t0), 'valid');
    assert.equal(codes.check('course.session', code, t0 + 59_999), 'valid');
    assert.equal(codes.check('course.session', code, t0 + 60_000), 'expired');
    assert.equal(codes.check('course.session', code, t0 + 86_400_000), 'expired');
  });

  it('refuses a code for another subject, under another key or purpose, from a later period, or not canonical', () => {
    const code = codes.codeFor('course.session', t0);
    assert.equal(codes.check('course.other', code, t0), 'invalid');
    assert.equal(rotatingCodes(`${secret}x`, 'check-in code', 30_000).check('course.session', code, t0), 'invalid');
    assert.equal(rotatingCodes(secret, 'something else', 30_000).check('course.session', code, t0), 'invalid');
    assert.equal(codes.check('course.session', codes.codeFor('course.session', t0 + 30_000), t0), 'invalid');
    const [window, signature] = code.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character carries two bits and four unused ones: a twin spelling decodes to the same bytes.
    const twin = `${window}.${signature.slice(0, -1)}${alphabet[alphabet.indexOf(signature.at(-1)!) ^ 1]}`;
    assert.deepEqual(Buffer.from(twin.split('.')[1]!, 'base64url'), Buffer.from(signature, 'base64url'));
    assert.equal(codes.check('course.session', twin, t0), 'invalid');
    for (const bad of ['', 'x', `${window}.`, `${window}.${signature}=`, `-1.${signature}`, `${window}.${signature}.1`])
      assert.equal(codes.check('course.session', bad, t0), 'invalid', JSON.stringify(bad));
  });
});
