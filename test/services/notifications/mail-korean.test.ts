// Issue 21 item 6: mail reads like Korean mail — a Korean sender name, line breaks kept in the HTML
// part, no button in the plain-text part, Korean not broken mid-word, and a reply-to on staff messages.
import assert from 'node:assert/strict';
import * as cheerio from 'cheerio';
import { MailMessage } from '../../../models/mail-message';
import { testConfig } from '../../support/app';
import { renderMail } from '../../../server/services/notifications/mail/render';
import { notifyMany } from '../../../server/services/notifications/notices';
import { messageEnrolled } from '../../../server/services/announcements/course-message';
import { createMailTransport } from '../../../server/services/notifications/mail/transport';
import { createMailWorker } from '../../../server/services/notifications/mail/worker';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';
import { useMail } from '../../support/mail';

describe('mail reads like Korean mail (issue 21, item 6)', () => {
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

  it('takes replies to the programme office (MAIL_REPLY_TO) when no staff member wrote it, and says so', async () => {
    const trainee = await make.trainee();
    await notifyMany([trainee._id], 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses/x');
    const [plain] = await mail.deliver();
    assert.equal(plain?.replyTo, '', 'no office set: no reply-to');
    assert.match(plain?.text ?? '', /회신하셔도 답변을 드릴 수 없습니다/);

    const office = testConfig({ MAIL_REPLY_TO: '"포항시 사무국" <office@pohang.example>' });
    const worker = createMailWorker({
      transport: createMailTransport({ ...office, smtpUrl: mail.sink.url }),
      i18n: mail.i18n,
      baseUrl: office.baseUrl,
    });
    await notifyMany([trainee._id], 'approved', { titleKo: '과정', titleEn: 'Course' }, '/courses/x');
    const before = mail.sink.delivered.length;
    await worker.runOnce();
    const [m] = mail.sink.delivered.slice(before);
    assert.equal(m?.replyTo, '"포항시 사무국" <office@pohang.example>');
    assert.match(m?.text ?? '', /회신하시면 "포항시 사무국" <office@pohang\.example>\(으\)로 전달됩니다/);
    await worker.stop();
  });
});
