import assert from 'node:assert/strict';
import { MailClaim } from '../../../../models/mail-claim';
import { MailMessage } from '../../../../models/mail-message';
import { useTestApp } from '../../../support/app';
import { make, actorOf } from '../../../support/factories';
import { useMail } from '../../../support/mail';
import { messageEnrolled } from '../../../../server/services/announcements/course-message';

describe('the outbox', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  beforeEach(async () => {
    await MailMessage.deleteMany({});
    await MailClaim.deleteMany({});
  });

  it('comes from a Korean sender name, and a staff member’s message takes replies to them', async () => {
    const staff = await make.staff('postech', { name: '최담당' });
    const course = await make.course({ university: 'postech' });
    const trainee = await make.trainee();
    await make.enrollment(course, trainee, 'enrolled');
    await messageEnrolled(await actorOf(staff), String(course._id), {
      subject: '준비물',
      body: '실험복을\n가져오세요',
      audience: 'enrolled',
      ids: [],
    });
    const [m] = await mail.deliver();
    assert.equal(m?.from, `"포항시 이차전지 인재 허브" <no-reply@${new URL(ctx.config.baseUrl).hostname}>`);
    assert.equal(m?.replyTo, `"최담당" <${staff.email}>`);
    assert.match(m?.html ?? '', /실험복을<br>가져오세요/);
    assert.match(m?.text ?? '', /회신하시면 "최담당" <[^>]+>\(으\)로 전달됩니다/, 'the footer says where a reply goes');
  });
});
