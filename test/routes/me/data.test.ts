import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Notification } from '../../../models/notification';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { PendingRegistration } from '../../../models/pending-registration';
import { TraineeFacts } from '../../../models/trainee-facts';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import { issueCertificate } from '../../../server/services/certificates/issue';
import { csrfToken, loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, defaultPassword, make } from '../../support/factories';
import { html, texts } from '../../support/html';

describe('personal data', () => {
  const ctx = useTestApp();

  /** A trainee with a completed, certified course, a notice and a follow-up answer. */
  async function traineeWithHistory() {
    const course = await make.course({ status: 'completed', days: [dayFromNow(-40)] });
    const trainee = await make.trainee({ name: '정보주체', consent: true, followUp: true });
    const enrollment = await make.enrollment(course, trainee, 'completed');
    const university = await University.findById(course.university).lean();
    const certificate = await issueCertificate(null, {
      enrollmentId: String(enrollment._id),
      course,
      trainee,
      university: university!,
    });
    await Notification.create({ user: trainee._id, kind: 'approved', params: { titleKo: '과정', titleEn: 'Course' } });
    await OutcomeAnswer.create({
      enrollment: enrollment._id,
      trainee: trainee._id,
      course: course._id,
      university: course.university,
      round: 3,
      employment: 'employed',
      sector: 'battery',
      inPohang: true,
      relevance: 5,
      answeredAt: new Date(),
    });
    return { course, trainee, enrollment, certificate };
  }

  describe('sign-up', () => {
    const form = {
      name: '필수동의',
      email: 'required-consent@example.kr',
      password: 'lithium-iron-phosphate',
      passwordConfirm: 'lithium-iron-phosphate',
      category: 'student',
    };

    it('states purpose, items, retention and the right to refuse, and refuses a sign-up without the required consent', async () => {
      const agent = request.agent(ctx.app);
      const page = await agent.get('/register').expect(200);
      const box = texts(page.text, '.privacy-consent')[0] ?? '';
      assert.match(box, /개인정보 수집·이용 동의 \(필수\)/);
      assert.match(box, /수집·이용 목적/);
      assert.match(box, /수집 항목/);
      assert.match(box, /마지막 이용일로부터 1095일/);
      assert.match(box, /거부할 권리/);
      assert.equal(html(page.text)('input[name=privacyConsent]').attr('checked'), undefined);
      const _csrf = await csrfToken(agent, '/register');
      const refused = await agent
        .post('/register')
        .type('form')
        .send({ _csrf, ...form, followUp: 'on' })
        .expect(422);
      assert.equal(html(refused.text)('#e-privacyConsent').text(), '개인정보 수집·이용에 동의해야 가입할 수 있습니다.');
      assert.equal(
        html(refused.text)('input[name=followUp]').attr('checked'),
        'checked',
        'the optional choice is kept',
      );
      assert.equal(await PendingRegistration.countDocuments({ email: form.email }), 0);

      await agent
        .post('/register')
        .type('form')
        .send({ _csrf, ...form, privacyConsent: 'on', followUp: 'on' })
        .expect(200);
      const pending = await PendingRegistration.findOne({ email: form.email }).lean();
      assert.equal(pending?.privacyConsentVersion, '2026-1');
      assert.equal(pending?.trainee?.followUp, true);
      const en = await request(ctx.app).get('/register?lang=en').expect(200);
      assert.match(texts(en.text, '.privacy-consent')[0] ?? '', /right to refuse/);
    });
  });

  describe('/me/data', () => {
    it('shows and downloads everything held about the trainee, and nothing of anyone else', async () => {
      const { trainee, certificate, course } = await traineeWithHistory();
      const other = await traineeWithHistory();
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      await agent
        .post('/me/profile')
        .type('form')
        .send({ _csrf: csrf, name: '정보주체', locale: 'ko', category: 'job_seeker', consent: 'on', followUp: 'on' })
        .expect(303);

      const page = await agent.get('/me/data').expect(200);
      const $ = html(page.text);
      assert.equal($('h1').text(), '내 정보 내려받기');
      assert.match($('.data-account').text(), /정보주체/);
      assert.match($('.data-account').text(), new RegExp(trainee.email.replace('.', '\\.')));
      assert.match($('[data-consent="privacy"]').text(), /2026-1/);
      assert.match($('[data-consent="followUp"]').text(), /2026-1/);
      assert.match($('.data-enrollments').text(), new RegExp(course.code));
      assert.match($('.data-certificates').text(), new RegExp(certificate.number));
      assert.match($('.data-outcomes').text(), /취업\(재직 중\)/);
      assert.equal($('.data-notifications li').length, 1);
      assert.ok(texts(page.text, '.data-audit .audit-sentence').includes('프로필을 고쳤습니다'));
      assert.ok(!page.text.includes(other.trainee.email));

      const download = await agent.get('/me/data.json').expect(200);
      assert.match(
        String(download.headers['content-disposition']),
        /attachment; filename="?battery-talent-hub-my-data\.json/,
      );
      const data = JSON.parse(download.text);
      assert.equal(data.account.email, trainee.email);
      assert.equal(data.account.passwordHash, undefined, 'never the password hash');
      assert.equal(data.enrollments.length, 1);
      assert.equal(data.certificates[0].number, certificate.number);
      assert.equal(data.followUpAnswers[0].employment, 'employed');
      assert.equal(data.notifications.length, 1);
      assert.ok(data.audit.some((a: { action: string }) => a.action === 'auth.login'));
      assert.ok(!download.text.includes(String(other.trainee._id)));
    });

    it('is for trainees only', async () => {
      await request(ctx.app).get('/me/data').expect(303);
      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      await staff.agent.get('/me/data.json').expect(403);
      await staff.agent.get('/me/close').expect(403);
    });
  });

  describe('closing the account', () => {
    it('asks for the password, then a confirmation, ends every session and keeps the completion without the name', async () => {
      const { trainee, certificate, course } = await traineeWithHistory();
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      const elsewhere = await loginAgent(ctx.app, trainee.email);

      const wrong = await agent
        .post('/me/close')
        .type('form')
        .send({ _csrf: csrf, password: 'not-my-password' })
        .expect(422);
      assert.equal(html(wrong.text)('#e-password').text(), '현재 비밀번호가 올바르지 않습니다.');
      // The confirm step needs the password step first.
      await agent.post('/me/close/confirm').type('form').send({ _csrf: csrf }).expect(303);
      assert.equal((await User.findById(trainee._id).lean())?.active, true);

      const confirm = await agent
        .post('/me/close')
        .type('form')
        .send({ _csrf: csrf, password: defaultPassword })
        .expect(200);
      assert.equal(html(confirm.text)('h1').text(), '계정 해지 확인');
      assert.equal(html(confirm.text)('form[action="/me/close/confirm"] button').text(), '계정 해지하기');
      assert.equal((await User.findById(trainee._id).lean())?.active, true, 'nothing happens before the confirmation');
      const closed = await agent.post('/me/close/confirm').type('form').send({ _csrf: csrf }).expect(303);
      assert.equal(closed.headers.location, '/');
      const home = await agent.get('/').expect(200);
      assert.match(html(home.text)('.flash').text(), /계정이 해지되었습니다/);
      assert.equal(html(home.text)('.user-name').length, 0, 'signed out');
      await elsewhere.agent.get('/me').expect(303);

      const user = await User.findById(trainee._id).lean();
      assert.match(user?.name ?? '', /^ANON-[0-9A-F]{10}$/);
      assert.ok(!user?.email.includes('example.kr'));
      assert.equal(user?.passwordHash, undefined);
      assert.equal(user?.trainee?.affiliation, '');
      assert.equal(user?.trainee?.namedReportingConsent, false);
      assert.ok(user?.anonymisedAt instanceof Date);
      assert.equal(await Notification.countDocuments({ user: trainee._id }), 0);
      assert.equal(
        await OutcomeAnswer.countDocuments({ trainee: trainee._id }),
        1,
        'the answer counts on, without a name',
      );
      const facts = await TraineeFacts.findById(trainee._id).lean();
      assert.equal(facts?.category, 'job_seeker');
      assert.equal(facts?.reportingName, undefined, 'named nowhere any more');
      const kept = await Certificate.findById(certificate._id).lean();
      assert.equal(kept?.number, certificate.number);
      assert.equal(kept?.hours, certificate.hours);
      assert.equal(await AuditEvent.countDocuments({ action: 'user.close', targetId: trainee._id }), 1);

      const verify = await request(ctx.app).get(`/verify/${certificate.code}`).expect(200);
      const $ = html(verify.text);
      assert.match($('.verify-result').text(), /유효한 수료증/);
      assert.ok(!verify.text.includes('정보주체'));
      assert.match($('.verify-facts').text(), /비공개/);

      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      const roster = await staff.agent.get(`/manage/courses/${String(course._id)}/roster`).expect(200);
      assert.ok(!roster.text.includes('정보주체'));
      assert.match(roster.text, /ANON-/);
    });

    it('refuses while an application is still running', async () => {
      const trainee = await make.trainee();
      await make.enrollment(await make.course(), trainee, 'enrolled');
      const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
      const res = await agent
        .post('/me/close')
        .type('form')
        .send({ _csrf: csrf, password: defaultPassword })
        .expect(422);
      assert.match(html(res.text)('.form-errors').text(), /진행 중인 수강 신청/);
      assert.equal((await User.findById(trainee._id).lean())?.active, true);
    });
  });
});
