import assert from 'node:assert/strict';
import { MailClaim } from '../../../models/mail-claim';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { notify, notifyKeyed } from '../../../server/services/notifications/notices';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { useMail } from '../../support/mail';

const course = { titleKo: '리튬이온 셀 공정', titleEn: 'Li-ion cell processing' };
const courseLink = '/courses/0123456789abcdef01234567';

describe('in-app notices and their mail', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  beforeEach(async () => {
    await MailMessage.deleteMany({});
    await MailClaim.deleteMany({});
  });

  it('writes a keyed notice and its mail once, however often a re-run after a crash asks, before or after it was sent', async () => {
    const trainee = await make.trainee({ name: '김재시도', locale: 'ko' });
    const notice = {
      key: 'promote:test-enrollment:3',
      user: trainee._id,
      kind: 'approved',
      params: course,
      link: courseLink,
    };
    await notifyKeyed([notice]);
    await notifyKeyed([notice]);
    assert.equal(await Notification.countDocuments({ user: trainee._id }), 1);
    assert.equal(await MailMessage.countDocuments({ to: trainee.email }), 1);
    assert.equal((await mail.deliver()).length, 1);
    // A re-run after the mail went queues it again: the worker sees its notice mailed and drops it.
    await notifyKeyed([notice]);
    assert.equal((await mail.deliver()).length, 0);
    assert.equal(await MailMessage.countDocuments({ to: trainee.email }), 0);
    assert.equal(await Notification.countDocuments({ user: trainee._id }), 1);
    // Another step's notice of the same kind is its own.
    await notifyKeyed([{ ...notice, key: 'promote:test-enrollment:5' }]);
    assert.equal((await mail.deliver()).length, 1);
  });

  it('does not mail a deactivated account, which still gets the notice in the app', async () => {
    const gone = await make.trainee();
    await gone.updateOne({ active: false });
    await notify(gone._id, 'cancelled', course, courseLink);
    assert.equal(await Notification.countDocuments({ user: gone._id }), 1);
    assert.equal(await MailMessage.countDocuments(), 0);
  });
});
