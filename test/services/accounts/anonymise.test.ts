import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { MailMessage } from '../../../models/mail-message';
import { User } from '../../../models/user';
import { anonymiseTrainee, hasRunningApplications } from '../../../server/services/accounts/anonymise';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('anonymising a trainee', () => {
  useTestApp();

  it('replaces the name, email and password with a pseudonym and keeps what the figures count', async () => {
    const trainee = await make.trainee({ category: 'student', pohangResident: true, consent: true });
    const course = await make.course({ status: 'completed' });
    await make.enrollment(course, trainee, 'completed');
    await MailMessage.create({ to: trainee.email, name: trainee.name, locale: 'ko', kind: 'activate' });

    assert.equal(await anonymiseTrainee(trainee._id, { reason: 'retention' }), true);

    const after = (await User.findById(trainee._id).lean())!;
    assert.match(after.name, /^ANON-[0-9A-F]{10}$/);
    assert.equal(after.email, `${after.name.toLowerCase()}@anonymised.invalid`);
    assert.equal(after.passwordHash, undefined);
    assert.equal(after.active, false);
    assert.equal(after.trainee?.category, 'student');
    assert.equal(after.trainee?.pohangResident, true);
    assert.equal(after.trainee?.namedReportingConsent, false);
    assert.equal(after.trainee?.affiliation, '');
    assert.equal(await MailMessage.countDocuments({ to: trainee.email }), 0, 'unsent mail to the old address is gone');
    const audit = await AuditEvent.findOne({ targetId: trainee._id, action: 'user.anonymise_inactive' }).lean();
    assert.equal((audit?.meta as { pseudonym?: string } | undefined)?.pseudonym, after.name);
  });

  it('refuses a staff account and one already anonymised', async () => {
    const staff = await make.staff('postech');
    assert.equal(await anonymiseTrainee(staff._id, { reason: 'retention' }), false);
    assert.equal((await User.findById(staff._id).lean())?.name, staff.name);

    const trainee = await make.trainee();
    assert.equal(await anonymiseTrainee(trainee._id, { reason: 'retention' }), true);
    const pseudonym = (await User.findById(trainee._id).lean())?.name;
    assert.equal(await anonymiseTrainee(trainee._id, { reason: 'retention' }), false);
    assert.equal((await User.findById(trainee._id).lean())?.name, pseudonym, 'a second run changes nothing');
  });

  it('counts pending, enrolled and waitlisted applications as running, finished ones not', async () => {
    const course = await make.course();
    for (const [status, running] of [
      ['pending', true],
      ['enrolled', true],
      ['waitlisted', true],
      ['withdrawn', false],
      ['completed', false],
    ] as const) {
      const trainee = await make.trainee();
      await make.enrollment(course, trainee, status);
      assert.equal(await hasRunningApplications(trainee._id), running, status);
    }
  });
});
