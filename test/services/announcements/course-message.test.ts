import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { NotFoundError } from '../../../server/errors';
import { messageEnrolled } from '../../../server/services/announcements/course-message';
import { databaseLimiter } from '../../../server/services/limits/rate-limit';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe('staff writing to enrolled trainees', () => {
  useTestApp();
  const roomy = () => databaseLimiter({ name: `test-message-${Math.random()}`, points: 10, minutes: 60 });

  it('tells every enrolled trainee, or only the checked ones, with a reply-to of the staff member', async () => {
    const course = await make.course({ university: 'postech' });
    const [a, b] = [await make.trainee(), await make.trainee()];
    const ea = await make.enrollment(course, a, 'enrolled');
    await make.enrollment(course, b, 'enrolled');
    await make.enrollment(course, await make.trainee(), 'waitlisted');
    const staffUser = await make.staff('postech', { name: '김담당' });
    const staff = await actorOf(staffUser);

    const all = await messageEnrolled(
      staff,
      String(course._id),
      { subject: '준비물', body: '노트북', audience: 'enrolled', ids: [] },
      roomy(),
    );
    assert.equal(all, 2);
    const picked = await messageEnrolled(
      staff,
      String(course._id),
      { subject: '개별 안내', body: '확인', audience: 'selected', ids: [String(ea._id)] },
      roomy(),
    );
    assert.equal(picked, 1);
    const notices = await Notification.find({ kind: 'staffMessage' }).lean();
    assert.equal(notices.filter((n) => String(n.user) === String(b._id)).length, 1);
    assert.equal(notices.filter((n) => String(n.user) === String(a._id)).length, 2);
    const mail = await MailMessage.findOne({ to: a.email }).lean();
    assert.match(mail?.replyTo ?? '', new RegExp(staffUser.email));
    assert.equal(await AuditEvent.countDocuments({ action: 'course.message', targetId: course._id }), 2);
  });

  it('refuses a message to nobody, past the budget, or to another university’s course', async () => {
    const course = await make.course({ university: 'postech' });
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(
      messageEnrolled(staff, String(course._id), { subject: 's', body: 'b', audience: 'enrolled', ids: [] }, roomy()),
      { errors: { ids: 'manage.roster.message.errors.nobody' } },
    );
    const trainee = await make.trainee();
    await make.enrollment(course, trainee, 'enrolled');
    const once = databaseLimiter({ name: 'test-message-once', points: 1, minutes: 60 });
    await messageEnrolled(staff, String(course._id), { subject: 's', body: 'b', audience: 'enrolled', ids: [] }, once);
    await assert.rejects(
      messageEnrolled(staff, String(course._id), { subject: 's', body: 'b', audience: 'enrolled', ids: [] }, once),
      { errors: { _form: 'manage.roster.message.errors.tooMany' }, params: { minutes: '60' } },
    );
    const other = await actorOf(await make.staff('korea'));
    await assert.rejects(
      messageEnrolled(other, String(course._id), { subject: 's', body: 'b', audience: 'enrolled', ids: [] }, roomy()),
      NotFoundError,
    );
    assert.equal(await Notification.countDocuments({ kind: 'staffMessage', user: trainee._id }), 1);
  });
});
