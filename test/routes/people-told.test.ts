// Issue 21, "People are told": a schedule change, a completion, a cancellation and a seat reach the
// trainees they concern, by notice and mail, saying what happened (and, for a promotion in a course
// that needs approval, that it awaits approval).
import assert from 'node:assert/strict';
import { AuditEvent } from '../../models/audit-event';
import { Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { EnrollmentEvent } from '../../models/enrollment-event';
import { MailMessage } from '../../models/mail-message';
import { Notification } from '../../models/notification';
import { ScheduleChange } from '../../models/schedule-change';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { withdrawEnrollment } from '../../server/services/applications/application-decide';
import { tellDueScheduleChanges } from '../../server/services/notifications/schedule-change';
import { loginAgent, type SignedIn, postForm as post } from '../support/agents';
import { useTestApp } from '../support/app';
import { minutes, useClock } from '../support/clock';
import { useCompletionCourse } from '../support/completion-course';
import { courseFormBody } from '../support/course-form';
import { make } from '../support/factories';
import { html } from '../support/html';
import { useMail } from '../support/mail';

describe('people are told (issue 21)', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  const clock = useClock();
  let staff: SignedIn;
  let english: SignedIn;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech', { name: '박담당' })).email);
    english = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await english.agent.get('/?lang=en');
  });
  beforeEach(async () => {
    await mail.deliver();
    await MailMessage.deleteMany({});
  });

  /** The course form as it stands, with the given sessions' times and the venue changed. */
  function editBody(
    course: Awaited<ReturnType<typeof make.course>>,
    change: { times?: Record<number, { start: string; end: string }>; venue?: string } = {},
  ) {
    return courseFormBody({
      code: course.code,
      venue: change.venue ?? course.venue,
      capacity: String(course.capacity),
      sessions: course.sessions.map((s, i) => ({
        id: String(s._id),
        date: s.date,
        start: change.times?.[i]?.start ?? s.start,
        end: change.times?.[i]?.end ?? s.end,
        topic: s.topic,
      })),
    });
  }

  describe('1. a schedule change', () => {
    it('tells every enrolled, pending and waitlisted trainee once, by notice and mail, from what to what, after the edits settle', async () => {
      const course = await make.course({ university: 'postech', hours: { start: '19:00', end: '21:00' } });
      const [enrolled, pending, waitlisted, withdrawn] = await Promise.all([
        make.trainee({ name: '수강생' }),
        make.trainee({ name: '승인대기' }),
        make.trainee({ name: 'Waiting', locale: 'en' }),
        make.trainee({ name: '철회' }),
      ]);
      await make.enrollment(course, enrolled, 'enrolled');
      await make.enrollment(course, pending, 'pending');
      await make.enrollment(course, waitlisted, 'waitlisted');
      await make.enrollment(course, withdrawn, 'withdrawn');
      const edit = `/manage/courses/${String(course._id)}/edit`;

      await post(staff, edit, editBody(course, { times: { 0: { start: '18:30', end: '20:30' } } })).expect(303);
      // The answer is not held up by telling anyone: it is noted, and told later.
      assert.equal(await Notification.countDocuments({ kind: 'scheduleChanged' }), 0);
      assert.equal(await ScheduleChange.countDocuments({ _id: String(course._id) }), 1);
      clock.advance(minutes(2));
      await post(
        staff,
        edit,
        editBody(course, { times: { 0: { start: '18:30', end: '20:30' } }, venue: '포항테크노파크 2관' }),
      ).expect(303);
      clock.advance(minutes(4));
      assert.equal(await tellDueScheduleChanges(), 0, 'the second edit moved the message on');
      clock.advance(minutes(2));
      assert.equal(await tellDueScheduleChanges(), 1);
      assert.equal(await tellDueScheduleChanges(), 0, 'told once');

      const told = await Notification.find({ kind: 'scheduleChanged' }).lean();
      assert.deepEqual(
        told.map((n) => String(n.user)).sort(),
        [enrolled, pending, waitlisted].map((t) => String(t._id)).sort(),
        'every enrolled, pending and waitlisted trainee, and nobody else',
      );
      const delivered = await mail.deliver();
      assert.equal(delivered.length, 3, 'one message each for both edits');
      const ko = mail.lastTo(enrolled.email)!;
      assert.match(ko.subject, /일정이 바뀌었습니다/);
      assert.match(ko.text, /변경: (\d+년 )?\d+월 \d+일 \(.\) 19:00–21:00 → (\d+년 )?\d+월 \d+일 \(.\) 18:30–20:30/);
      assert.match(ko.text, /장소: 포항가속기연구소 → 포항테크노파크 2관/);
      assert.match(ko.html, /19:00–21:00 → [^<]*18:30–20:30<br>장소: 포항가속기연구소 → 포항테크노파크 2관/);
      assert.match(ko.replyTo, /박담당/, 'a reply goes to the staff member who edited');
      const en = mail.lastTo(waitlisted.email)!;
      assert.match(en.text, /Moved: \w+, \d+ \w+( \d{4})? 19:00–21:00 → \w+, \d+ \w+( \d{4})? 18:30–20:30/);
      assert.match(en.text, /Venue: 포항가속기연구소 → 포항테크노파크 2관/);

      // The trainee's own page lists it.
      const page = await (await loginAgent(ctx.app, enrolled.email)).agent.get('/me').expect(200);
      assert.match(page.text, /일정이 바뀌었습니다/);
    });

    it('tells nothing for a draft, an edit that leaves the schedule as it was, or one edited back within minutes', async () => {
      const course = await make.course({ university: 'postech' });
      await make.enrollment(course, await make.trainee(), 'enrolled');
      const edit = `/manage/courses/${String(course._id)}/edit`;
      await post(staff, edit, { ...editBody(course), titleKo: '제목만 바뀜' }).expect(303);
      assert.equal(await ScheduleChange.countDocuments({}), 0, 'no schedule change, nothing noted');
      await post(staff, edit, editBody(course, { venue: '다른 곳' })).expect(303);
      await post(staff, edit, editBody(course)).expect(303);
      clock.advance(minutes(10));
      assert.equal(await tellDueScheduleChanges(), 0);
      assert.equal(await ScheduleChange.countDocuments({}), 0);
      const draft = await make.course({ university: 'postech', status: 'draft' });
      await post(staff, `/manage/courses/${String(draft._id)}/edit`, editBody(draft, { venue: '새 장소' })).expect(303);
      assert.equal(await ScheduleChange.countDocuments({}), 0);
    });
  });

  describe('2. completion', () => {
    const c = useCompletionCourse(ctx, 'attended');

    it('tells each completer with the certificate link, and the trainee who did not complete why', async () => {
      await c.complete();
      const [first, second, absent] = c.trainees;
      const completed = await Notification.find({ kind: 'completed' }).lean();
      assert.deepEqual(completed.map((n) => String(n.user)).sort(), [first, second].map((t) => String(t!._id)).sort());
      assert.match(String(completed[0]!.link), /^\/certificates\/BTH-/);
      const [notCompleted] = await Notification.find({ kind: 'notCompleted' }).lean();
      assert.equal(String(notCompleted?.user), String(absent!._id));
      await mail.deliver();
      const good = mail.lastTo(second!.email)!;
      assert.match(good.subject, /「폐배터리 재활용 공정」 과정을 수료했습니다/);
      assert.match(good.text, /수료증 번호 BTH-/);
      assert.match(String(good.linkPath), /^\/certificates\/BTH-/);
      const bad = mail.lastTo(absent!.email)!;
      assert.match(bad.text, /출석 0\/5회\(0%\)로 수료 기준 80%에 미치지 못했습니다/);
      // Committing again tells nobody twice.
      await c.complete();
      assert.equal(await Notification.countDocuments({ kind: { $in: ['completed', 'notCompleted'] } }), 3);
    });
  });

  describe('3. cancelling a course', () => {
    it('asks for a reason, refuses none or one too long (nothing written), and tells every trainee the reason', async () => {
      const course = await make.course({ university: 'postech', capacity: 1 });
      const [a, b] = [await make.trainee(), await make.trainee({ locale: 'en' })];
      await applyToCourse(toActor(a), String(course._id));
      await applyToCourse(toActor(b), String(course._id));
      const path = `/manage/courses/${String(course._id)}/cancel`;
      const ask = html((await post(staff, path, {}).expect(200)).text);
      assert.equal(ask('form.confirm-form textarea[name=reason][required]').length, 1);
      assert.match(ask('label[for=reason], form.confirm-form label').text(), /취소 사유/);

      const none = await post(staff, path, { confirm: 'yes', reason: '  ' }).expect(422);
      assert.equal(html(none.text)('#e-reason').text(), '필수 입력 항목입니다.');
      const noneEn = await post(english, path, { confirm: 'yes' }).expect(422);
      assert.equal(html(noneEn.text)('#e-reason').text(), 'This field is required.');
      const long = await post(staff, path, { confirm: 'yes', reason: '가'.repeat(301) }).expect(422);
      assert.match(html(long.text)('#e-reason').text(), /300/);
      assert.equal(html(long.text)('textarea[name=reason]').text(), '가'.repeat(301), 'the typed reason is kept');
      assert.equal((await Course.findById(course._id).lean())?.status, 'published', 'nothing written');
      assert.equal(await Notification.countDocuments({ kind: 'cancelled' }), 0);

      const reason = '<b>강사</b> 사정으로\n개설하지 못합니다';
      await post(staff, path, { confirm: 'yes', reason }).expect(303);
      const saved = await Course.findById(course._id).lean();
      assert.equal(saved?.status, 'cancelled');
      assert.equal(saved?.cancelReason, reason);
      const audit = await AuditEvent.findOne({ action: 'course.cancel', targetId: course._id }).lean();
      assert.deepEqual(audit?.meta, { reason });
      assert.equal(await Notification.countDocuments({ kind: 'cancelled', 'params.reason': reason }), 2);
      await mail.deliver();
      const ko = mail.lastTo(a.email)!;
      assert.match(ko.text, /취소 사유: <b>강사<\/b> 사정으로\n개설하지 못합니다/);
      assert.match(ko.html, /&lt;b&gt;강사&lt;\/b&gt; 사정으로<br>개설하지 못합니다/, 'escaped, line break kept');
      assert.match(mail.lastTo(b.email)!.text, /Reason: <b>강사<\/b> 사정으로/);
    });

    it('answers another university’s staff 404, and a trainee 403, writing nothing', async () => {
      const course = await make.course({ university: 'postech' });
      const other = await loginAgent(ctx.app, (await make.staff('knu')).email);
      const path = `/manage/courses/${String(course._id)}/cancel`;
      await post(other, path, { confirm: 'yes', reason: '남의 과정' }).expect(404);
      await post(other, path, {}).expect(404);
      const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
      await post(trainee, path, { confirm: 'yes', reason: '교육생' }).expect(403);
      assert.equal((await Course.findById(course._id).lean())?.status, 'published');
    });
  });

  describe('4. confirmations carry the details', () => {
    it('the enrolment confirmation gives the first session’s day, time and venue and the calendar link', async () => {
      const course = await make.course({ university: 'postech', hours: { start: '14:00', end: '17:00' } });
      const trainee = await make.trainee();
      const who = await loginAgent(ctx.app, trainee.email);
      const page = await who.agent.get(`/courses/${String(course._id)}`);
      const key = html(page.text)('form input[name=key]').attr('value');
      await post(who, `/courses/${String(course._id)}/enroll`, { key }).expect(303);
      assert.equal(await Notification.countDocuments({ user: trainee._id, kind: 'enrolled' }), 1);
      await mail.deliver();
      const m = mail.lastTo(trainee.email)!;
      assert.match(m.subject, /수강이 확정되었습니다/);
      assert.match(
        m.text,
        /첫 수업: (\d+년 )?\d+월 \d+일 \(.\) 14:00–17:00\n장소: 포항가속기연구소\n일정을 내 캘린더에 추가: http\S+\/courses\/[a-f0-9]{24}\/calendar\.ics/,
      );
      assert.match(m.html, /14:00–17:00<br>장소: 포항가속기연구소<br>/);
      const ics = new URL(/(http\S+calendar\.ics)/.exec(m.text)![1]!);
      const file = await who.agent.get(ics.pathname).expect(200);
      assert.match(file.text, /BEGIN:VCALENDAR/);
    });

    it('the approval mail gives them too, in English for an English reader', async () => {
      const course = await make.course({ university: 'postech', approvalRequired: true });
      const trainee = await make.trainee({ locale: 'en' });
      const { enrollmentId } = await applyToCourse(toActor(trainee), String(course._id));
      assert.equal(
        await Notification.countDocuments({ user: trainee._id, kind: 'enrolled' }),
        0,
        'pending is no confirmation',
      );
      await post(staff, `/manage/enrollments/${enrollmentId}/approve`, {}).expect(303);
      await mail.deliver();
      const m = mail.lastTo(trainee.email)!;
      assert.match(m.subject, /was approved/);
      assert.match(
        m.text,
        /First session: \w+, \d+ \w+( \d{4})? 09:00–12:00\nVenue: 포항가속기연구소\nAdd the schedule to your calendar: http/,
      );
    });
  });

  describe('8. promotion words follow the new status', () => {
    it('in a course that needs approval a promoted trainee is told, mailed and audited as awaiting approval', async () => {
      const course = await make.course({ university: 'postech', approvalRequired: true, capacity: 1 });
      const [first, second] = [await make.trainee(), await make.trainee()];
      const held = await applyToCourse(toActor(first), String(course._id));
      const queued = await applyToCourse(toActor(second), String(course._id));
      assert.equal(queued.status, 'waitlisted');
      await withdrawEnrollment(toActor(first), held.enrollmentId);
      assert.equal((await Enrollment.findById(queued.enrollmentId).lean())?.status, 'pending');

      const [notice] = await Notification.find({ user: second._id }).lean();
      assert.equal(notice?.kind, 'promotedPending');
      const event = await EnrollmentEvent.findOne({ enrollment: queued.enrollmentId, to: 'pending' }).lean();
      assert.equal(event?.reason, 'promoted_pending');
      const audit = await AuditEvent.findOne({ targetId: queued.enrollmentId, action: /promote/ }).lean();
      assert.equal(audit?.action, 'enrollment.promote_pending');
      await mail.deliver();
      const m = mail.lastTo(second.email)!;
      assert.match(m.subject, /승인 대기/);
      assert.match(m.text, /승인 대기로 바뀌었습니다/);
      assert.doesNotMatch(m.text + m.subject, /배정되었습니다|수강 확정|확정되었습니다/);

      const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
      const log = await city.agent.get('/city/audit?action=enrollment.promote_pending').expect(200);
      assert.ok(html(log.text)('main').text().includes('대기자에게 자리를 주고 승인 대기로 올렸습니다'));
      const en = await city.agent.get('/city/audit?action=enrollment.promote_pending&lang=en').expect(200);
      assert.ok(html(en.text)('main').text().includes('Gave a waitlisted trainee a seat, awaiting approval'));
    });

    it('in a course without approval the promoted trainee is told of the seat, with the first session', async () => {
      const course = await make.course({ university: 'postech', capacity: 1 });
      const [first, second] = [await make.trainee(), await make.trainee()];
      const held = await applyToCourse(toActor(first), String(course._id));
      const queued = await applyToCourse(toActor(second), String(course._id));
      await withdrawEnrollment(toActor(first), held.enrollmentId);
      assert.equal((await Enrollment.findById(queued.enrollmentId).lean())?.status, 'enrolled');
      assert.equal(await AuditEvent.countDocuments({ targetId: queued.enrollmentId, action: 'enrollment.promote' }), 1);
      await mail.deliver();
      const m = mail.lastTo(second.email)!;
      assert.match(m.text, /자리가 나서 배정되었습니다/);
      assert.match(m.text, /첫 수업: /);
    });
  });
});
