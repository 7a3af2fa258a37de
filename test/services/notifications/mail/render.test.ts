import assert from 'node:assert/strict';
import { MailMessage } from '../../../../models/mail-message';
import { Notification } from '../../../../models/notification';
import { notify, notifyMany } from '../../../../server/services/notifications/notices';
import { useTestApp } from '../../../support/app';
import { make } from '../../../support/factories';
import { useMail } from '../../../support/mail';
import * as cheerio from 'cheerio';
import { renderMail } from '../../../../server/services/notifications/mail/render';

const course = { titleKo: '리튬이온 셀 공정', titleEn: 'Li-ion cell processing' };
const courseLink = '/courses/0123456789abcdef01234567';

describe('mail/render: the texts of each message', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  beforeEach(() => MailMessage.deleteMany({}));

  /** Every kind of mail the app sends: the mail texts' own kinds and every in-app notice's. */
  function everyKind(): string[] {
    const kinds = (lang: string, ns: string) => Object.keys(mail.i18n.getResource(lang, 'translation', ns) as object);
    const page = ['title', 'empty', 'unread', 'new', 'subjectLine', 'defaultSubject', 'greeting', 'open'];
    return [...new Set([...kinds('ko', 'mail'), ...kinds('ko', 'notifications')])].filter(
      (k) => !page.includes(k) && !k.startsWith('footer') && k !== 'details' && !k.includes('_'),
    );
  }

  const params = {
    titleKo: '리튬이온 셀 공정',
    titleEn: 'Li-ion cell processing',
    subject: '안내',
    body: '첫 줄\n둘째 줄',
    hours: 24,
    minutes: 30,
    number: 'BTH-1',
    reason: '사유',
    firstDate: '2026-12-10',
    firstStart: '19:00',
    firstEnd: '21:00',
    venue: '포항테크노파크',
    calendar: '/courses/x/calendar.ics',
  };

  it('sends each in-app notice by SMTP in the recipient’s language, with an absolute link on BASE_URL, then clears it from the outbox', async () => {
    const ko = await make.trainee({ name: '김소재', locale: 'ko' });
    const en = await make.trainee({ name: 'Jane Cell', locale: 'en' });
    await notifyMany([ko._id, en._id], 'approved', course, courseLink);
    const delivered = await mail.deliver();
    assert.equal(delivered.length, 2);

    const korean = mail.lastTo(ko.email)!;
    assert.equal(korean.subject, '[이차전지 인재 허브] 「리튬이온 셀 공정」 신청이 승인되었습니다');
    assert.match(korean.text, /^김소재님, 안녕하세요\./);
    assert.match(korean.text, /「리튬이온 셀 공정」 과정 신청이 승인되었습니다\./);
    assert.equal(korean.link, `${ctx.config.baseUrl}${courseLink}`);
    assert.match(
      korean.html,
      /<a href="http:\/\/127\.0\.0\.1:3000\/courses\/0123456789abcdef01234567"[^>]*>과정 보기<\/a>/,
    );
    assert.match(korean.from, /no-reply@/);

    const english = mail.lastTo(en.email)!;
    assert.equal(english.subject, '[Battery Talent Hub] Your application for “Li-ion cell processing” was approved');
    assert.match(english.text, /^Hello Jane Cell,/);
    assert.match(english.html, /View the course/);

    assert.equal(await MailMessage.countDocuments(), 0);
    const notices = await Notification.find({ user: { $in: [ko._id, en._id] } }).lean();
    assert.ok(notices.every((n) => n.mailedAt instanceof Date));
  });

  it('has a subject of its own for every kind of in-app notice, in both languages', async () => {
    const ko = await make.trainee({ locale: 'ko' });
    const en = await make.trainee({ locale: 'en' });
    // Every key of notifications.json but the page's own texts and a kind's variants (`rejected_reason`) is a kind of notice.
    const kinds = Object.keys(mail.i18n.getResource('ko', 'translation', 'notifications') as object).filter(
      (k) => !['title', 'empty', 'unread', 'new'].includes(k) && !k.includes('_'),
    );
    assert.ok(kinds.length >= 6, kinds.join());
    for (const kind of kinds) {
      await notifyMany([ko._id, en._id], kind, { ...course, number: 'PH-2026-0001', label: '2026-Q3' }, courseLink);
      const delivered = await mail.deliver();
      assert.equal(delivered.length, 2);
      for (const m of delivered) {
        assert.doesNotMatch(
          m.subject,
          /새 알림이 있습니다|new notification/,
          `add mail.${kind}.subject to mail.json (ko and en)`,
        );
        assert.match(
          m.subject,
          m.to === ko.email
            ? /^\[이차전지 인재 허브\] .*(리튬이온 셀 공정|2026-Q3)/
            : /^\[Battery Talent Hub\] .*(Li-ion cell processing|2026-Q3)/,
        );
      }
    }
  });

  it('mails a new kind of notice by adding its in-app text alone, under the general subject', async () => {
    mail.i18n.addResource('ko', 'translation', 'notifications.targetsChanged', '「{{period}}」 목표가 바뀌었습니다.');
    const staff = await make.staff('postech', { name: '이담당' });
    await notify(staff._id, 'targetsChanged', { period: '2026-Q3' }, '/city/targets');
    const [message] = await mail.deliver();
    assert.equal(message?.subject, '[이차전지 인재 허브] 새 알림이 있습니다');
    assert.match(message?.text ?? '', /「2026-Q3」 목표가 바뀌었습니다\./);
    assert.equal(message?.linkPath, '/city/targets');
  });

  it('never speaks of a button in the plain-text part, and keeps Korean words whole in the HTML part, for every kind', () => {
    const kinds = everyKind();
    assert.ok(kinds.length > 20, kinds.join());
    for (const kind of kinds)
      for (const locale of ['ko', 'en'] as const) {
        const m = renderMail(mail.i18n, 'https://talent.example', { name: '홍길동', locale, kind, params, link: '/x' });
        assert.doesNotMatch(m.text, /버튼|단추|button|click/i, `${locale} ${kind}: the text part has no button`);
        const $ = cheerio.load(m.html);
        assert.match($('body').attr('style') ?? '', /word-break:keep-all/, `${locale} ${kind}`);
        // Inherited by every paragraph; only the raw link may break anywhere.
        const breaking = $('p')
          .toArray()
          .filter((p) => /break-all/.test($(p).attr('style') ?? ''));
        assert.ok(
          breaking.every((p) => $(p).text().startsWith('https://')),
          `${locale} ${kind}`,
        );
      }
  });

  it('keeps each line break of a paragraph in the HTML part, escaped', () => {
    const m = renderMail(mail.i18n, 'https://talent.example', {
      name: '홍길동',
      locale: 'ko',
      kind: 'staffMessage',
      params: { ...params, body: '<b>첫 줄</b>\n둘째 줄\n\n다음 문단' },
    });
    assert.match(m.html, /&lt;b&gt;첫 줄&lt;\/b&gt;<br>둘째 줄<\/p><p[^>]*>다음 문단/);
    assert.match(m.text, /<b>첫 줄<\/b>\n둘째 줄\n\n다음 문단/);
  });
});
