import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { User } from '../../../models/user';
import { TooManyAttemptsError } from '../../../server/errors';
import { authenticate, findActor, recheckPassword } from '../../../server/services/accounts/auth';
import { useTestApp } from '../../support/app';
import { actorOf, defaultPassword, make } from '../../support/factories';

describe('signing in', () => {
  useTestApp();

  it('signs in with the right password, whatever the case of the email, and records the login', async () => {
    const staff = await make.staff('postech');
    const result = await authenticate({
      email: ` ${staff.email.toUpperCase()}`,
      password: defaultPassword,
      ip: '203.0.113.1',
    });
    assert.ok(result.ok);
    assert.equal(result.actor.id, String(staff._id));
    assert.equal(result.actor.role, 'university_staff');
    assert.ok(result.device.length > 0);
    assert.ok((await User.findById(staff._id).lean())?.lastLoginAt);
    assert.equal(await AuditEvent.countDocuments({ action: 'auth.login', targetId: staff._id }), 1);
  });

  it('answers a wrong password and an unknown email alike, and a deactivated account only to its password', async () => {
    const trainee = await make.trainee();
    assert.deepEqual(await authenticate({ email: trainee.email, password: 'wrong password', ip: '203.0.113.2' }), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(
      await authenticate({ email: 'nobody@example.kr', password: 'wrong password', ip: '203.0.113.2' }),
      {
        ok: false,
        reason: 'invalid',
      },
    );
    await User.updateOne({ _id: trainee._id }, { active: false });
    assert.deepEqual(await authenticate({ email: trainee.email, password: defaultPassword, ip: '203.0.113.2' }), {
      ok: false,
      reason: 'deactivated',
    });
    assert.equal(await findActor(String(trainee._id)), undefined, 'a deactivated account has no actor');
  });

  it('checks a password again under the login limits: a wrong one names the field, then the wait', async () => {
    const trainee = await make.trainee();
    const actor = await actorOf(trainee);
    await recheckPassword(actor, defaultPassword, { ip: '203.0.113.3', field: 'currentPassword' });
    for (let i = 0; i < 4; i++)
      await assert.rejects(recheckPassword(actor, 'wrong', { ip: '203.0.113.3', field: 'currentPassword' }), {
        errors: { currentPassword: 'profile.password.wrongCurrent' },
      });
    await assert.rejects(
      recheckPassword(actor, 'wrong', { ip: '203.0.113.3', field: 'currentPassword' }),
      (err) => err instanceof TooManyAttemptsError && err.errors._form === 'profile.password.tooManyAttempts',
    );
    // Locked now: even the right password waits, and so does the login page from that address.
    await assert.rejects(
      recheckPassword(actor, defaultPassword, { ip: '203.0.113.3', field: 'currentPassword' }),
      TooManyAttemptsError,
    );
    const login = await authenticate({ email: trainee.email, password: defaultPassword, ip: '203.0.113.3' });
    assert.equal(login.ok ? 'ok' : login.reason, 'locked');
  });
});
