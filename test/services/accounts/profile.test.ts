import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { SessionRecord } from '../../../models/session-record';
import { User } from '../../../models/user';
import { verifyPassword } from '../../../server/auth/passwords';
import { changePassword, getProfile, updateProfile } from '../../../server/services/accounts/profile';
import { useTestApp } from '../../support/app';
import { actorOf, defaultPassword, make } from '../../support/factories';

describe('the profile', () => {
  useTestApp();

  it("saves a trainee's profile, records the consent with its version and audits what changed", async () => {
    const trainee = await make.trainee({ category: 'job_seeker', consent: false });
    const actor = await actorOf(trainee);
    const updated = await updateProfile(actor, {
      name: '새 이름',
      locale: 'en',
      trainee: { category: 'student', affiliation: '포스텍', pohangResident: false, consent: true, followUp: true },
    });
    assert.equal(updated.name, '새 이름');
    assert.equal(updated.locale, 'en');
    assert.equal(updated.category, 'student');

    const profile = await getProfile(actor);
    assert.equal(profile.values.affiliation, '포스텍');
    assert.equal(profile.values.consent, true);
    assert.equal(profile.values.followUp, true);
    assert.equal(profile.consent?.version, '2026-1');
    assert.ok(profile.consent?.at instanceof Date);

    const actions = (await AuditEvent.find({ targetId: trainee._id }).lean()).map((a) => a.action).sort();
    assert.deepEqual(actions, ['user.consent_given', 'user.follow_up_consent_given', 'user.profile_update']);
    const update = await AuditEvent.findOne({ targetId: trainee._id, action: 'user.profile_update' }).lean();
    assert.equal((update?.after as { name?: string }).name, '새 이름');
  });

  it('records when a consent is withdrawn', async () => {
    const trainee = await make.trainee({ consent: true });
    const actor = await actorOf(trainee);
    await updateProfile(actor, {
      name: trainee.name,
      locale: 'ko',
      trainee: { category: 'job_seeker', affiliation: '포항', pohangResident: true, consent: false, followUp: false },
    });
    const profile = await getProfile(actor);
    assert.equal(profile.values.consent, false);
    assert.ok(profile.consent?.withdrawnAt instanceof Date);
    assert.equal(await AuditEvent.countDocuments({ targetId: trainee._id, action: 'user.consent_withdrawn' }), 1);
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const staff = await make.staff('postech');
    const actor = await actorOf(staff);
    for (const _id of ['this-one', 'stolen'])
      await SessionRecord.create({
        _id,
        expires: new Date(Date.now() + 3_600_000),
        session: { passport: { user: actor.id } },
      });

    await assert.rejects(
      changePassword(actor, { currentPassword: 'wrong', password: 'a new long password' }, 'this-one'),
      {
        errors: { currentPassword: 'profile.password.wrongCurrent' },
      },
    );
    assert.equal(await SessionRecord.countDocuments({}), 2);

    const ended = await changePassword(
      actor,
      { currentPassword: defaultPassword, password: 'a new long password' },
      'this-one',
    );
    assert.equal(ended, 1);
    assert.deepEqual(
      (await SessionRecord.find({}).lean()).map((s) => s._id),
      ['this-one'],
    );
    const hash = (await User.findById(staff._id).lean())!.passwordHash!;
    assert.equal(await verifyPassword(hash, 'a new long password'), true);
  });
});
