// Issue 21 item 5: announcements (공지사항) from the city and from a course's university, and the
// programme's contact page that city staff edit.
import assert from 'node:assert/strict';
import request from 'supertest';
import { Announcement } from '../../models/announcement';
import { AuditEvent } from '../../models/audit-event';
import { MailMessage } from '../../models/mail-message';
import { Notification } from '../../models/notification';
import { ProgrammeContact } from '../../models/programme-contact';
import { toActor } from '../../server/services/accounts/auth';
import { approveEnrollment } from '../../server/services/applications/application-decide';
import { applyToCourse } from '../../server/services/applications/apply';
import { loginAgent, type SignedIn, postForm as post } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html, texts } from '../support/html';
import { useMail } from '../support/mail';
import { isRead, operationsDuring } from '../support/operations';

describe('announcements and the contact page (issue 21, item 5)', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  let city: SignedIn;
  let staff: SignedIn;
  let otherStaff: SignedIn;
  let trainee: SignedIn;

  before(async () => {
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    staff = await loginAgent(ctx.app, (await make.staff('postech', { name: '김공지' })).email);
    otherStaff = await loginAgent(ctx.app, (await make.staff('knu')).email);
    trainee = await loginAgent(ctx.app, (await make.trainee()).email);
  });
  beforeEach(async () => {
    await mail.deliver();
    await MailMessage.deleteMany({});
  });

  describe('programme-wide, by city staff', () => {
    it('shows a posted announcement on the home page and at /announcements, escaped, in both languages; audited', async () => {
      await post(city, '/city/announcements', {
        subject: '2027년 상반기 모집 안내',
        body: '<script>alert(1)</script>\n1월 5일부터 신청을 받습니다.',
      }).expect(303);
      const home = html((await request(ctx.app).get('/').expect(200)).text);
      assert.equal(home('.home-announcements .announcement-subject').first().text(), '2027년 상반기 모집 안내');
      assert.equal(home('.home-announcements h2').text(), '공지사항');
      assert.equal(home('.home-announcements script').length, 0);
      const list = await request(ctx.app).get('/announcements?lang=en').expect(200);
      assert.equal(html(list.text)('h1').text(), 'Announcements');
      assert.equal(
        html(list.text)('.announcement-body').text(),
        '<script>alert(1)</script>\n1월 5일부터 신청을 받습니다.',
      );
      assert.ok(!list.text.includes('<script>alert(1)'), 'escaped');
      assert.equal(await AuditEvent.countDocuments({ action: 'announcement.post' }), 1);
      assert.equal(
        await Notification.countDocuments({ kind: 'announcement' }),
        0,
        'a programme notice goes to no inbox',
      );
    });

    it('refuses a missing or oversized subject or body with the message on the field (422) and writes nothing', async () => {
      const before = await Announcement.countDocuments();
      const empty = await post(city, '/city/announcements', { subject: '', body: '' }).expect(422);
      assert.equal(html(empty.text)('#e-subject').text(), '필수 입력 항목입니다.');
      assert.equal(html(empty.text)('#e-body').text(), '필수 입력 항목입니다.');
      const long = await post(city, '/city/announcements?lang=en', { subject: 'x'.repeat(151), body: 'ok' }).expect(
        422,
      );
      assert.match(html(long.text)('#e-subject').text(), /150/);
      assert.equal(html(long.text)('input[name=subject]').attr('value'), 'x'.repeat(151), 'input kept');
      await city.agent
        .post('/city/announcements')
        .type('form')
        .send(`_csrf=${city.csrf}&subject=a&subject=b&body=x`)
        .expect(422);
      assert.equal(await Announcement.countDocuments(), before);
    });

    it('refuses university staff and trainees (403) and visitors (to log in)', async () => {
      const body = { subject: '남의 공지', body: '내용' };
      await post(staff, '/city/announcements', body).expect(403);
      await post(trainee, '/city/announcements', body).expect(403);
      await request(ctx.app).post('/city/announcements').type('form').send(body).expect(403);
      assert.equal(await Announcement.countDocuments({ subject: '남의 공지' }), 0);
    });
  });

  describe('a course’s, by its university’s staff', () => {
    it('shows it on the course page and tells every enrolled, pending and waitlisted trainee, replying to the staff member', async () => {
      const course = await make.course({ university: 'postech', approvalRequired: true, capacity: 1 });
      const [enrolled, pending, waitlisted, withdrawn] = await Promise.all([
        make.trainee(),
        make.trainee(),
        make.trainee({ locale: 'en' }),
        make.trainee(),
      ]);
      const first = await applyToCourse(toActor(enrolled), String(course._id));
      await approveEnrollment(toActor(await make.staff('postech')), first.enrollmentId);
      await make.enrollment(course, pending, 'pending');
      await applyToCourse(toActor(waitlisted), String(course._id));
      await make.enrollment(course, withdrawn, 'withdrawn');
      const path = `/manage/courses/${String(course._id)}/announcements`;
      const form = html((await staff.agent.get(path).expect(200)).text);
      assert.equal(form('form.announcement-form textarea[name=body]').length, 1);

      const res = await post(staff, path, {
        subject: '3주차 실습실 변경',
        body: '실습은 2층에서 합니다.\n준비물: 실험복',
      });
      assert.equal(res.status, 303);
      const page = html(
        (
          await request(ctx.app)
            .get(`/courses/${String(course._id)}`)
            .expect(200)
        ).text,
      );
      assert.equal(page('.course-announcements .announcement-subject').text(), '3주차 실습실 변경');
      const told = await Notification.find({ kind: 'announcement' }).lean();
      assert.deepEqual(
        told.map((n) => String(n.user)).sort(),
        [enrolled, pending, waitlisted].map((t) => String(t._id)).sort(),
      );
      await mail.deliver();
      const ko = mail.lastTo(enrolled.email)!;
      assert.match(ko.subject, /공지: 3주차 실습실 변경/);
      assert.match(ko.html, /실습은 2층에서 합니다\.<br>준비물: 실험복/);
      assert.match(ko.replyTo, /김공지/);
      assert.match(mail.lastTo(waitlisted.email)!.subject, /Notice for/);
      const audit = await AuditEvent.findOne({ action: 'announcement.post', 'meta.scope': 'course' }).lean();
      assert.equal((audit?.meta as { recipients?: number }).recipients, 3);
    });

    it('answers another university’s staff 404, and city staff and trainees 403, writing nothing', async () => {
      const course = await make.course({ university: 'postech' });
      const path = `/manage/courses/${String(course._id)}/announcements`;
      const body = { subject: '남의 과정 공지', body: '내용' };
      await otherStaff.agent.get(path).expect(404);
      await post(otherStaff, path, body).expect(404);
      await post(city, path, body).expect(403);
      await post(trainee, path, body).expect(403);
      assert.equal(await Announcement.countDocuments({ subject: '남의 과정 공지' }), 0);
      const empty = await post(staff, path, { subject: ' ', body: '' }).expect(422);
      assert.equal(html(empty.text)('#e-subject').text(), '필수 입력 항목입니다.');
    });

    it('costs the course page no read of its own: the announcements come from memory behind a version read with the catalog’s', async () => {
      const course = await make.course({ university: 'postech' });
      await post(staff, `/manage/courses/${String(course._id)}/announcements`, { subject: '첫 공지', body: '내용' });
      const path = `/courses/${String(course._id)}`;
      await request(ctx.app).get(path).expect(200);
      const withCache = await operationsDuring(() => request(ctx.app).get(path).expect(200));
      assert.deepEqual(
        withCache.filter((o) => o.collection === 'announcements'),
        [],
        'no read of the announcements once cached',
      );
      const versions = withCache.filter((o) => o.collection === 'cacheversions' && isRead(o));
      assert.ok(versions.length <= 1, `the versions are read once between them (${versions.length})`);
    });
  });

  describe('the contact page', () => {
    it('city staff edit the office, phone, email, hours and FAQ; everyone reads it in their language', async () => {
      const values = {
        officeKo: '포항시 이차전지 인재 양성 사무국',
        officeEn: 'Pohang battery talent office',
        phone: '054-270-0000',
        email: 'Office@Pohang.example',
        hoursKo: '평일 9시–18시',
        hoursEn: 'Weekdays 9–18',
        faqKo: '수강료가 있나요?\n없습니다.\n\n수료증은 어디서 받나요?\n나의 학습에서 받습니다.',
        faqEn: 'Is there a fee?\nNo.\n\nWhere is my certificate?\nUnder My learning.',
      };
      const saved = await post(city, '/city/contact?lang=ko', values);
      assert.equal(saved.status, 303, html(saved.text)('main').text());
      const ko = html((await request(ctx.app).get('/contact').expect(200)).text);
      assert.equal(ko('.contact-office').text(), '포항시 이차전지 인재 양성 사무국');
      assert.equal(ko('.contact-phone').text(), '054-270-0000');
      assert.equal(ko('.contact-email').text(), 'office@pohang.example');
      assert.deepEqual(texts(ko.html(), '.faq-question'), ['수강료가 있나요?', '수료증은 어디서 받나요?']);
      const en = html((await request(ctx.app).get('/contact?lang=en').expect(200)).text);
      assert.deepEqual(texts(en.html(), '.faq-answer'), ['No.', 'Under My learning.']);
      const form = html((await city.agent.get('/city/contact').expect(200)).text);
      assert.equal(form('textarea[name=faqKo]').text(), values.faqKo, 'the form shows what is stored');
      assert.equal(await AuditEvent.countDocuments({ action: 'announcement.contact_update' }), 1);

      // Mail that no staff member wrote takes replies to the office.
      const course = await make.course({ university: 'postech' });
      const who = await make.trainee();
      await applyToCourse(toActor(who), String(course._id));
      await mail.deliver();
      assert.match(mail.lastTo(who.email)!.replyTo, /office@pohang\.example/);
    });

    it('refuses a bad phone, email or FAQ with the message on the field, in both languages, writing nothing', async () => {
      const stored = await ProgrammeContact.findById('contact').lean();
      const bad = {
        officeKo: '사무국',
        officeEn: 'Office',
        phone: '<b>010</b>',
        email: 'not-an-email',
        faqKo: '질문만 있고 답이 없음',
        faqEn: 'One?\nYes.\n\nTwo?\nYes.',
      };
      const ko = html((await post(city, '/city/contact?lang=ko', bad).expect(422)).text);
      assert.match(ko('#e-phone').text(), /숫자/);
      assert.ok(ko('#e-email').text());
      assert.equal(ko('textarea[name=faqKo]').text(), bad.faqKo, 'what was typed is kept');
      const faq = html((await post(city, '/city/contact', { ...bad, phone: '', email: '' }).expect(422)).text);
      assert.match(faq('#e-faqKo').text(), /첫 줄이 질문/);
      const en = html(
        (await post(city, '/city/contact?lang=en', { ...bad, phone: '', email: '', faqKo: '하나?\n네.' }).expect(422))
          .text,
      );
      assert.equal(en('#e-faqEn').text(), 'Korean and English need the same number of questions.');
      const missing = html((await post(city, '/city/contact?lang=ko', {}).expect(422)).text);
      assert.equal(missing('#e-officeKo').text(), '필수 입력 항목입니다.');
      assert.deepEqual(await ProgrammeContact.findById('contact').lean(), stored);
      await post(staff, '/city/contact', { ...bad, phone: '1' }).expect(403);
      await post(trainee, '/city/contact', { ...bad, phone: '1' }).expect(403);
    });
  });
});
