import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { MailMessage } from '../../../models/mail-message';
import { SessionRecord } from '../../../models/session-record';
import { User } from '../../../models/user';
import { NotFoundError } from '../../../server/errors';
import { findPasswordToken } from '../../../server/services/accounts/password-tokens';
import {
  createStaffAccount,
  creatableRoles,
  listStaffAccounts,
  setStaffActive,
} from '../../../server/services/accounts/staff';
import { useTestApp } from '../../support/app';
import { actorOf, make, universityId } from '../../support/factories';

describe('staff accounts', () => {
  useTestApp();

  it('lets city staff create university staff with a set-password link, and no higher rank', async () => {
    const city = await actorOf(await make.cityStaff());
    assert.deepEqual(creatableRoles(city), ['university_staff']);
    const created = await createStaffAccount(city, {
      name: '박교직',
      email: ' Park@Postech.example.kr',
      role: 'university_staff',
      university: await universityId('postech'),
    });
    const user = (await User.findById(created.userId).lean())!;
    assert.equal(user.email, 'park@postech.example.kr');
    assert.equal(user.passwordHash, undefined);
    const token = /set-password\/(.+)$/.exec(created.linkPath)![1]!;
    assert.equal((await findPasswordToken(token))?.id, created.userId);
    assert.equal((await MailMessage.findOne({ to: user.email }).lean())?.kind, 'accountCreated');

    await assert.rejects(createStaffAccount(city, { name: 'x', email: 'c@example.kr', role: 'city_staff' }), {
      errors: { role: 'staff.errors.outranked' },
    });
    await assert.rejects(createStaffAccount(city, { name: 'x', email: 'u@example.kr', role: 'university_staff' }), {
      errors: { university: 'forms.required' },
    });
    await assert.rejects(
      createStaffAccount(city, {
        name: 'x',
        email: 'PARK@postech.example.kr',
        role: 'university_staff',
        university: await universityId('postech'),
      }),
      { errors: { email: 'auth.register.emailTaken' } },
    );
  });

  it('lists staff, never trainees, and marks who the actor may manage', async () => {
    const cityUser = await make.cityStaff();
    const city = await actorOf(cityUser);
    const staff = await make.staff('postech');
    const trainee = await make.trainee();
    const listed = await listStaffAccounts(city);
    const ids = listed.map((u) => u.id);
    assert.ok(ids.includes(String(staff._id)));
    assert.ok(!ids.includes(String(trainee._id)));
    assert.equal(listed.find((u) => u.id === String(staff._id))?.manageable, true);
    assert.equal(listed.find((u) => u.id === String(cityUser._id))?.manageable, false, 'not oneself');
    assert.equal(
      listed.some((u) => 'passwordHash' in u),
      false,
    );
  });

  it('deactivates a lower-ranked account, ending its sessions, and refuses oneself and peers', async () => {
    const cityUser = await make.cityStaff();
    const city = await actorOf(cityUser);
    const staff = await make.staff('postech');
    await SessionRecord.create({ _id: 'staff-session', session: { passport: { user: String(staff._id) } } });
    await setStaffActive(city, String(staff._id), false);
    assert.equal(await SessionRecord.countDocuments({ _id: 'staff-session' }), 0);
    assert.equal((await User.findById(staff._id).lean())?.active, false);
    assert.equal(await AuditEvent.countDocuments({ targetId: staff._id, action: 'user.deactivate' }), 1);

    await assert.rejects(setStaffActive(city, String(cityUser._id), false), { errors: { _form: 'staff.errors.self' } });
    const peer = await make.cityStaff();
    await assert.rejects(setStaffActive(city, String(peer._id), false), {
      errors: { _form: 'staff.errors.outranked' },
    });
    const trainee = await make.trainee();
    await assert.rejects(setStaffActive(city, String(trainee._id), false), NotFoundError);
    assert.equal((await User.findById(peer._id).lean())?.active, true);
  });
});
