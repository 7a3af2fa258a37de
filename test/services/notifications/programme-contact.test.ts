import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { HttpError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import {
  officeReplyTo,
  programmeContact,
  updateProgrammeContact,
} from '../../../server/services/notifications/programme-contact';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('notifications/programme-contact: the contact page and where replies go', () => {
  useTestApp();

  it('shows the operator before anyone edits it, then what city staff saved, with replies going to the office', async () => {
    const initial = await programmeContact();
    assert.match(initial.office.ko, /사무국/);
    assert.equal(initial.email, '');
    assert.equal(await officeReplyTo(), undefined, 'no address yet: no reply-to');

    const city = toActor(await make.cityStaff());
    const input = {
      office: { ko: '포항 "인재" 사무국', en: 'Pohang office' },
      phone: '054-270-0000',
      email: 'office@pohang.example',
      hours: { ko: '평일 9-18시', en: 'Weekdays 9-18' },
      faq: [{ question: { ko: '질문', en: 'Q' }, answer: { ko: '답', en: 'A' } }],
    };
    await updateProgrammeContact(city, input);
    const saved = await programmeContact();
    assert.deepEqual(
      { office: saved.office, phone: saved.phone, email: saved.email, hours: saved.hours, faq: saved.faq },
      input,
    );
    assert.equal(await officeReplyTo(), '"포항  인재  사무국" <office@pohang.example>');
    const audit = await AuditEvent.findOne({ action: 'announcement.contact_update' }).lean();
    assert.deepEqual(audit?.after, { phone: '054-270-0000', email: 'office@pohang.example', faq: 1 });
  });

  it('refuses university staff', async () => {
    const staff = toActor(await make.staff('postech'));
    await assert.rejects(
      updateProgrammeContact(staff, { ...(await programmeContact()), phone: '1' }),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
  });
});
