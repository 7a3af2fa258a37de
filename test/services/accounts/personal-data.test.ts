import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Notification } from '../../../models/notification';
import { NotFoundError } from '../../../server/errors';
import { personalData } from '../../../server/services/accounts/personal-data';
import { recordAudit } from '../../../server/services/audit/record';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe("a trainee's personal data", () => {
  useTestApp();

  it('gathers the account, enrollments with attendance and course, notices and audit, without the password hash', async () => {
    const trainee = await make.trainee();
    const other = await make.trainee();
    const course = await make.course({ university: 'postech' });
    const enrollment = await make.enrollment(course, trainee, 'enrolled');
    await make.enrollment(course, other, 'enrolled');
    await make.marks(course, enrollment, ['present', 'late']);
    await Notification.create({ user: trainee._id, kind: 'enrolled', params: {} });
    const actor = await actorOf(trainee);
    await recordAudit({ actor, action: 'user.profile_update', target: { type: 'User', id: trainee._id } });

    const data = await personalData(actor);
    assert.equal(data.account.email, trainee.email);
    assert.equal('passwordHash' in data.account, false);
    assert.equal(data.enrollments.length, 1);
    const [mine] = data.enrollments;
    assert.equal(mine?.courseCode, course.code);
    assert.equal(mine?.universityName?.en, 'POSTECH');
    assert.deepEqual(mine?.attendance.map((a) => a.status).sort(), ['late', 'present']);
    assert.equal(data.notifications.length, 1);
    assert.equal(data.audit.length, 1, 'an entry both by and about the trainee is listed once');
  });

  it('is not found for an account that is gone', async () => {
    const trainee = await make.trainee();
    const actor = { ...(await actorOf(trainee)), id: String(new Types.ObjectId()) };
    await assert.rejects(personalData(actor), NotFoundError);
  });
});
