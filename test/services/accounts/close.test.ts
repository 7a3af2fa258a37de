import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { User } from '../../../models/user';
import { checkClosing, closeAccount } from '../../../server/services/accounts/close';
import { useTestApp } from '../../support/app';
import { actorOf, defaultPassword, make } from '../../support/factories';

describe('closing an account', () => {
  useTestApp();

  it('refuses a wrong password on the password field', async () => {
    const trainee = await make.trainee();
    await assert.rejects(checkClosing(await actorOf(trainee), 'not the password'), {
      errors: { password: 'profile.password.wrongCurrent' },
    });
  });

  it('refuses while an application is running, even at the confirmed step', async () => {
    const trainee = await make.trainee();
    await make.enrollment(await make.course(), trainee, 'enrolled');
    const actor = await actorOf(trainee);
    await assert.rejects(checkClosing(actor, defaultPassword), { errors: { _form: 'privacy.close.running' } });
    await assert.rejects(closeAccount(actor), { errors: { _form: 'privacy.close.running' } });
    assert.equal((await User.findById(trainee._id).lean())?.name, trainee.name);
  });

  it('anonymises the account once confirmed, recorded as closed by the trainee', async () => {
    const trainee = await make.trainee();
    const actor = await actorOf(trainee);
    await checkClosing(actor, defaultPassword);
    await closeAccount(actor, '198.51.100.7');
    const after = (await User.findById(trainee._id).lean())!;
    assert.match(after.name, /^ANON-/);
    assert.equal(after.active, false);
    const audit = await AuditEvent.findOne({ targetId: trainee._id, action: 'user.close' }).lean();
    assert.equal(String(audit?.actor), String(trainee._id));
    assert.equal(audit?.ip, '198.51.100.7');
  });
});
