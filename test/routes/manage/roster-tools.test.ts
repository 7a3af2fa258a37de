import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Enrollment } from '../../../models/enrollment';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { RateUse } from '../../../models/rate-use';
import { User } from '../../../models/user';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { loginAgent, type SignedIn, postForm as post } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, days, make } from '../../support/factories';
import { html, texts } from '../../support/html';
import { useMail } from '../../support/mail';

describe('roster tools', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  let staff: SignedIn;
  let english: SignedIn;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    english = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await english.agent.get('/?lang=en');
  });
  beforeEach(() => MailMessage.deleteMany({}));

  async function pendingCourse(names: string[], capacity = 20) {
    const course = await make.course({ university: 'postech', approvalRequired: true, capacity });
    const ids: string[] = [];
    for (const name of names)
      ids.push((await applyToCourse(toActor(await make.trainee({ name })), String(course._id))).enrollmentId);
    return { id: String(course._id), ids };
  }

  describe('bulk decisions', () => {
    it('offers a checkbox per row and a bulk bar, approves the checked rows and reports each one', async () => {
      const { id, ids } = await pendingCourse(['가나다', '라마바', '사아자'], 2);
      const page = html((await staff.agent.get(`/manage/courses/${id}/roster`)).text);
      assert.equal(page('#roster-form input[type=checkbox][name=ids]').length, 3);
      assert.equal(page('.roster-actions button[name=action][value=approve]').length, 1);
      assert.equal(page('.roster-actions textarea[name=reason]').length, 1);

      const res = await post(staff, `/manage/courses/${id}/roster/decide`, { action: 'approve', ids }).expect(200);
      assert.equal(
        texts(res.text, '.bulk-report h2')[0],
        '2명 승인, 1명 건너뜀: 현재 상태에서는 할 수 없는 처리입니다.',
      );
      assert.deepEqual(texts(res.text, '.bulk-report-rows li'), [
        '가나다: 승인함',
        '라마바: 승인함',
        '사아자: 건너뜀 — 현재 상태에서는 할 수 없는 처리입니다.',
      ]);
      assert.deepEqual(texts(res.text, '.roster tbody .status'), ['수강 확정', '수강 확정', '대기 (1)']);
    });

    it('says so in English', async () => {
      const { id, ids } = await pendingCourse(['Ann', 'Bo']);
      const res = await post(english, `/manage/courses/${id}/roster/decide`, { action: 'approve', ids }).expect(200);
      assert.equal(texts(res.text, '.bulk-report h2')[0], '2 approved');
      assert.deepEqual(texts(res.text, '.bulk-report-rows li'), ['Ann: approved', 'Bo: approved']);
    });

    it('refuses nothing selected, or a reason too long, with the roster again (422) and writes nothing', async () => {
      const { id, ids } = await pendingCourse(['하나']);
      const none = await post(staff, `/manage/courses/${id}/roster/decide`, { action: 'approve' }).expect(422);
      assert.equal(html(none.text)('#e-ids').text(), '처리할 신청자를 한 명 이상 선택해 주세요.');
      const long = await post(staff, `/manage/courses/${id}/roster/decide`, {
        action: 'approve',
        ids,
        reason: 'a'.repeat(301),
      }).expect(422);
      const $ = html(long.text);
      assert.equal($('#e-reason').text(), '300자 이내로 입력해 주세요.');
      assert.equal($(`input[name=ids][value="${ids[0]}"]`).attr('checked'), 'checked', 'the selection is kept');
      assert.equal((await Enrollment.findById(ids[0]).lean())?.status, 'pending');
    });

    it('asks to confirm a bulk rejection, listing who, and rejects with the reason only when confirmed', async () => {
      const { id, ids } = await pendingCourse(['반려 하나', '반려 둘']);
      const ask = await post(staff, `/manage/courses/${id}/roster/decide`, {
        action: 'reject',
        ids,
        reason: '선수 과목 미이수',
      }).expect(200);
      const $ = html(ask.text);
      assert.equal($('h1').text(), '선택한 신청 반려 확인');
      assert.match($('.confirm-effects').text(), /다음 2명의 신청을 반려합니다/);
      assert.match($('.confirm-items').text(), /반려 하나 \(.+@example\.kr\)/);
      assert.equal($('.confirm-form textarea[name=reason]').text(), '선수 과목 미이수');
      assert.equal(await Enrollment.countDocuments({ course: id, status: 'rejected' }), 0, 'nothing written yet');

      const fields = new URLSearchParams();
      $('.confirm-form input[type=hidden], .confirm-form textarea').each((_i, el) => {
        fields.append($(el).attr('name')!, $(el).is('textarea') ? $(el).text() : ($(el).attr('value') ?? ''));
      });
      const done = await staff.agent.post($('.confirm-form').attr('action')!).type('form').send(fields.toString());
      assert.equal(done.status, 200);
      assert.equal(texts(done.text, '.bulk-report h2')[0], '2명 반려');
      assert.equal(await Enrollment.countDocuments({ course: id, status: 'rejected' }), 2);
      const notice = await Notification.findOne({ kind: 'rejected', link: `/courses/${id}` }).lean();
      assert.equal((notice?.params as { reason?: string }).reason, '선수 과목 미이수');
    });
  });

  describe('enrolling by email', () => {
    it('enrols an existing trainee (found by the address in any case), audits it and tells the trainee', async () => {
      const course = await make.course({ university: 'postech', approvalRequired: true });
      const trainee = await make.trainee({ name: '등록될 사람' });
      const res = await post(staff, `/manage/courses/${String(course._id)}/roster/enrol`, {
        email: `  ${trainee.email.toUpperCase()} `,
      }).expect(303);
      assert.equal(res.headers.location, `/manage/courses/${String(course._id)}/roster`);
      const page = await staff.agent.get(res.headers.location!);
      assert.match(html(page.text)('.flash-success').text(), /교육생을 등록했습니다/);
      assert.deepEqual(texts(page.text, '.roster tbody .status'), ['수강 확정']);
      const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
      assert.equal(enrollment?.status, 'enrolled', 'staff enrolling is the approval');
      assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.staff_enrol', targetId: enrollment?._id }), 1);
      assert.equal(await Notification.countDocuments({ user: trainee._id, kind: 'staffEnrolled' }), 1);
    });

    it('puts the trainee on the waitlist of a full course, and says so', async () => {
      const course = await make.course({ university: 'postech', capacity: 1 });
      await make.enrollment(course, await make.trainee());
      const trainee = await make.trainee();
      await post(staff, `/manage/courses/${String(course._id)}/roster/enrol`, { email: trainee.email }).expect(303);
      const page = await staff.agent.get(`/manage/courses/${String(course._id)}/roster`);
      assert.match(html(page.text)('.flash-success').text(), /정원이 차 있어 .+ 대기자 명단에 올렸습니다/);
      assert.equal((await Enrollment.findOne({ trainee: trainee._id }).lean())?.status, 'waitlisted');
    });

    it('creates no account for an unknown address and says what to do, in both languages', async () => {
      const course = await make.course({ university: 'postech' });
      const path = `/manage/courses/${String(course._id)}/roster/enrol`;
      const ko = await post(staff, path, { email: 'nobody@example.kr' }).expect(422);
      assert.match(html(ko.text)('#e-email').text(), /가입한 교육생 계정이 없습니다.+회원가입\(\/register\)/);
      assert.equal(html(ko.text)('#f-email').val(), 'nobody@example.kr');
      const en = await post(english, path, { email: 'nobody@example.kr' }).expect(422);
      assert.match(html(en.text)('#e-email').text(), /No trainee account uses this email address.+sign up/);
      assert.equal(await User.countDocuments({ email: 'nobody@example.kr' }), 0);
      assert.equal(await Enrollment.countDocuments({ course: course._id }), 0);
    });

    it('applies the trainee rules: not a staff account, not twice, only an eligible category, no timetable clash', async () => {
      const course = await make.course({ university: 'postech', eligibleCategories: ['student'] });
      const path = `/manage/courses/${String(course._id)}/roster/enrol`;
      const staffUser = await make.staff('postech');
      const messages = async (email: string) =>
        html((await post(staff, path, { email }).expect(422)).text)('.field.has-error .error, .form-errors').text();
      assert.match(await messages(staffUser.email), /담당자 계정입니다/);
      assert.match(await messages((await make.trainee({ category: 'employee' })).email), /구분.+열려 있지 않습니다/);
      const student = await make.trainee({ category: 'student' });
      await post(staff, path, { email: student.email }).expect(303);
      assert.match(await messages(student.email), /이미 이 과정에 신청했습니다/);
      const other = await make.course({ university: 'postech' });
      await post(staff, `/manage/courses/${String(other._id)}/roster/enrol`, { email: student.email })
        .expect(422)
        .then((res) => assert.match(html(res.text)('.form-errors').text(), /겹칩니다|clash|시간/));
      assert.equal(await Enrollment.countDocuments({ course: other._id }), 0);
    });
  });

  describe('search and sort', () => {
    it('finds rows by part of the name, email or affiliation, and sorts by name, status or attendance', async () => {
      const start = dayFromNow(-2);
      const course = await make.course({ university: 'postech', days: days(start, 4) });
      const people = [
        { name: '최민준', status: 'enrolled' as const, marks: ['present', 'present'] as const },
        { name: '강서연', status: 'enrolled' as const, marks: ['absent', 'absent'] as const },
        { name: '박지후', status: 'waitlisted' as const, marks: [] as const },
      ];
      const emails: string[] = [];
      for (const p of people) {
        const trainee = await make.trainee({ name: p.name });
        emails.push(trainee.email);
        const enrollment = await make.enrollment(course, trainee, p.status);
        await make.marks(course, enrollment, [...p.marks]);
      }
      const roster = (query: string) =>
        staff.agent
          .get(`/manage/courses/${String(course._id)}/roster?${query}`)
          .then((r) => texts(r.text, '.roster tbody td.name'));
      const names = async (query: string) => (await roster(query)).map((n) => n.replace(/trainee-.*$/, ''));

      assert.deepEqual(await names('q=서연'), ['강서연']);
      assert.deepEqual(await names(`q=${encodeURIComponent(emails[2]!.slice(0, 12).toUpperCase())}`), ['박지후']);
      assert.deepEqual(await names('q=%ED%8F%AC%ED%95%AD'), ['최민준', '강서연', '박지후'], 'affiliation 포항');
      assert.deepEqual(await names('sort=name'), ['강서연', '박지후', '최민준']);
      assert.deepEqual(await names('sort=status'), ['최민준', '강서연', '박지후']);
      assert.deepEqual(await names('sort=attendance'), ['강서연', '최민준', '박지후']);
      assert.deepEqual(await names('sort=bogus&status=nope'), ['최민준', '강서연', '박지후'], 'bad values are dropped');
      const page = html(
        (await staff.agent.get(`/manage/courses/${String(course._id)}/roster?q=%EA%B0%95&sort=name`)).text,
      );
      assert.equal(
        page('#roster-form').attr('action'),
        `/manage/courses/${String(course._id)}/roster/decide?q=%EA%B0%95&sort=name`,
      );
      assert.equal(page('#f-sort option[selected]').val(), 'name');
    });
  });

  describe('messages to the enrolled trainees', () => {
    it('reaches every enrolled trainee by notice and email in their language, escaped, and nobody else; audited', async () => {
      const course = await make.course({ university: 'postech', title: { ko: '팩 설계', en: 'Pack design' } });
      const ko = await make.trainee({ locale: 'ko' });
      const en = await make.trainee({ locale: 'en' });
      const queued = await make.trainee();
      await make.enrollment(course, ko);
      await make.enrollment(course, en);
      await make.enrollment(course, queued, 'waitlisted');
      const body = '<script>alert(1)</script> 준비물: 안전화\n\n$t(mail.footer) {{name}}';
      const res = await post(staff, `/manage/courses/${String(course._id)}/roster/message`, {
        audience: 'enrolled',
        subject: '<b>장소 변경</b>',
        body,
      }).expect(303);
      const page = await staff.agent.get(res.headers.location!);
      assert.equal(html(page.text)('.flash-success').text().trim(), '2명에게 메시지를 보냈습니다 (알림과 이메일).');
      assert.equal(await Notification.countDocuments({ kind: 'staffMessage', user: queued._id }), 0);

      await mail.deliver();
      const korean = mail.lastTo(ko.email)!;
      assert.equal(korean.subject, '[이차전지 인재 허브] 「팩 설계」 담당자 메시지: <b>장소 변경</b>');
      assert.match(korean.text, /<script>alert\(1\)<\/script> 준비물: 안전화\n\n\$t\(mail\.footer\) \{\{name\}\}/);
      assert.doesNotMatch(korean.html, /<script>|<b>/);
      assert.match(korean.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(mail.lastTo(en.email)!.subject, /^\[Battery Talent Hub\] “Pack design”: <b>/);

      const me = await loginAgent(ctx.app, ko.email);
      const notices = html((await me.agent.get('/me')).text)('.notification[data-kind=staffMessage]');
      assert.match(notices.text(), /<script>alert\(1\)<\/script>/, 'shown as text');
      assert.equal(notices.find('script, b').length, 0);
      assert.equal(await AuditEvent.countDocuments({ action: 'course.message', targetId: course._id }), 1);
    });

    it('sends to the checked rows only (enrolled ones), and refuses an empty or oversized message with the form kept', async () => {
      const course = await make.course({ university: 'postech' });
      const picked = await make.trainee();
      const left = await make.trainee();
      const e1 = await make.enrollment(course, picked);
      await make.enrollment(course, left);
      const path = `/manage/courses/${String(course._id)}/roster/message`;
      await post(staff, path, {
        audience: 'selected',
        ids: [String(e1._id)],
        subject: '개별 안내',
        body: '내용',
      }).expect(303);
      assert.equal(await Notification.countDocuments({ kind: 'staffMessage', user: picked._id }), 1);
      assert.equal(await Notification.countDocuments({ kind: 'staffMessage', user: left._id }), 0);

      const refused = await post(staff, path, { audience: 'selected', subject: '', body: 'x'.repeat(4001) }).expect(
        422,
      );
      const $ = html(refused.text);
      assert.equal($('#e-subject').text(), '필수 입력 항목입니다.');
      assert.equal($('#e-body').text(), '4000자 이내로 입력해 주세요.');
      assert.equal($('#e-ids').text(), '처리할 신청자를 한 명 이상 선택해 주세요.');
      assert.equal($('#f-body').text(), 'x'.repeat(4001));
      assert.equal(await Notification.countDocuments({ kind: 'staffMessage', user: left._id }), 0);
    });

    it('shows a refused message again exactly as typed, line by line, without the template’s indentation', async () => {
      const course = await make.course({ university: 'postech' });
      await make.enrollment(course, await make.trainee());
      const body = '첫째 줄\n둘째 줄\n\n  들여 쓴 넷째 줄';
      const refused = await post(staff, `/manage/courses/${String(course._id)}/roster/message`, {
        audience: 'selected',
        subject: '',
        body,
      }).expect(422);
      assert.equal(html(refused.text)('#f-body').text(), body);
    });

    it('limits how many messages one staff member sends in an hour', async () => {
      await RateUse.deleteMany({});
      const course = await make.course({ university: 'postech' });
      await make.enrollment(course, await make.trainee());
      const path = `/manage/courses/${String(course._id)}/roster/message`;
      const sender = await loginAgent(ctx.app, (await make.staff('postech')).email);
      for (let i = 0; i < 10; i++)
        await post(sender, path, { audience: 'enrolled', subject: `안내 ${i}`, body: '내용' }).expect(303);
      const refused = await post(sender, path, { audience: 'enrolled', subject: '하나 더', body: '내용' }).expect(422);
      assert.match(html(refused.text)('.form-errors').text(), /메시지를 너무 자주 보냈습니다. \d+분 뒤에/);
      assert.equal(await Notification.countDocuments({ kind: 'staffMessage', 'params.subject': '하나 더' }), 0);
    });
  });
});
