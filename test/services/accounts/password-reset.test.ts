import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { MailMessage } from '../../../models/mail-message';
import { User } from '../../../models/user';
import { findPasswordToken } from '../../../server/services/accounts/password-tokens';
import { requestPasswordReset } from '../../../server/services/accounts/password-reset';
import { databaseLimiter } from '../../../server/services/limits/rate-limit';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('asking for a password reset', () => {
  useTestApp();

  const outcomes = async (email: string) =>
    (
      await AuditEvent.find({ action: 'user.password_reset_requested', 'meta.email': email }).sort({ at: 1 }).lean()
    ).map((a) => (a.meta as { outcome: string }).outcome);

  it('mails a working reset link to the account, once within its budget', async () => {
    const trainee = await make.trainee();
    const perAccount = databaseLimiter({ name: 'test-reset', points: 1, minutes: 60 });
    await requestPasswordReset(`  ${trainee.email.toUpperCase()} `, { perAccount });
    await requestPasswordReset(trainee.email, { perAccount });

    const mails = await MailMessage.find({ to: trainee.email, kind: 'passwordReset' }).lean();
    assert.equal(mails.length, 1, 'the second request is over the budget');
    const token = /^\/password\/reset\/(.+)$/.exec(mails[0]!.link ?? '')?.[1];
    assert.equal((await findPasswordToken(token ?? '', 'reset'))?.email, trainee.email);
    assert.deepEqual(await outcomes(trainee.email), ['sent', 'throttled']);
  });

  it('sends nothing for an unknown or deactivated address, and records why', async () => {
    const perAccount = databaseLimiter({ name: 'test-reset-2', points: 5, minutes: 60 });
    await requestPasswordReset('nobody-here@example.kr', { perAccount });
    const staff = await make.staff('postech');
    await User.updateOne({ _id: staff._id }, { active: false });
    await requestPasswordReset(staff.email, { perAccount });

    assert.equal(await MailMessage.countDocuments({ to: { $in: ['nobody-here@example.kr', staff.email] } }), 0);
    assert.deepEqual(await outcomes('nobody-here@example.kr'), ['unknown']);
    assert.deepEqual(await outcomes(staff.email), ['unknown']);
  });
});
