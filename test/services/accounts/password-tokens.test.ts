import assert from 'node:assert/strict';
import { User } from '../../../models/user';
import { FormError } from '../../../server/errors';
import { verifyPassword } from '../../../server/auth/passwords';
import {
  findPasswordToken,
  issuePasswordToken,
  setPasswordWithToken,
} from '../../../server/services/accounts/password-tokens';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('set-password tokens', () => {
  useTestApp();

  it('lets exactly one of two simultaneous uses of a link set the password', async () => {
    const staff = await make.staff('kangwon');
    const { token } = await issuePasswordToken(String(staff._id));
    assert.equal((await findPasswordToken(token))?.email, staff.email);
    const results = await Promise.allSettled([
      setPasswordWithToken(token, 'first-long-password'),
      setPasswordWithToken(token, 'second-long-password'),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    const lost = results.find((r) => r.status === 'rejected');
    assert.ok(lost && lost.status === 'rejected' && lost.reason instanceof FormError);
    const hash = (await User.findById(staff._id).lean())!.passwordHash!;
    const first = await verifyPassword(hash, 'first-long-password');
    const second = await verifyPassword(hash, 'second-long-password');
    assert.equal(first !== second, true, 'exactly one of the two passwords is set');
    assert.equal(await findPasswordToken(token), undefined);
  });

  it('does not look up malformed tokens', async () => {
    assert.equal(await findPasswordToken('x'), undefined);
    assert.equal(await findPasswordToken('../../etc/passwd-and-more-chars'), undefined);
  });
});
