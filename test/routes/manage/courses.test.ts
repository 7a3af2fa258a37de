import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../../models/audit-event';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { courseToValues } from '../../../server/forms/course-form';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { courseFormBody } from '../../support/course-form';
import { dayFromNow, make } from '../../support/factories';
import { formBody, formFields, html, texts } from '../../support/html';

describe('course management (/manage)', () => {
  const ctx = useTestApp();
  let staff: SignedIn;

  before(async () => {
    const user = await make.staff('postech');
    staff = await loginAgent(ctx.app, user.email);
  });

  const post = (path: string, body: Record<string, unknown> = {}) =>
    staff.agent
      .post(path)
      .type('form')
      .send({ _csrf: staff.csrf, ...body });

  it('creates a draft course with derived total hours and sends staff to its edit page', async () => {
    const body = courseFormBody({ code: 'pt-new-01' });
    const res = await post('/manage/courses/new', body).expect(303);
    const course = await Course.findOne({ code: 'PT-NEW-01' }).lean();
    assert.ok(course);
    assert.equal(res.headers.location, `/manage/courses/${String(course._id)}/edit`);
    assert.equal(course.status, 'draft');
    assert.equal(course.totalHours, 7.5);
    assert.deepEqual(course.instructors, ['김교수', '이박사']);
    assert.equal(course.completionRule?.minAttendanceRate, 0.8);
    assert.equal(await AuditEvent.countDocuments({ action: 'course.create', targetId: course._id }), 1);
    const list = await staff.agent.get('/manage').expect(200);
    assert.ok(texts(list.text, '.manage-courses .course-title').includes('전고체 전지 입문'));
  });

  it('lists a published course whose application window has closed as closed, and one not yet open as upcoming', async () => {
    const ended = await make.course({ university: 'postech', closesAt: new Date(Date.now() - 3_600_000) });
    const later = await make.course({ university: 'postech', opensAt: new Date(Date.now() + 86_400_000) });
    const list = await staff.agent.get('/manage').expect(200);
    const $ = html(list.text);
    const statusOf = (id: unknown) => $(`tr[data-course="${String(id)}"] .course-status`).text();
    assert.equal(statusOf(ended._id), '모집 마감');
    assert.equal(statusOf(later._id), '모집 예정');
  });

  it('re-renders the form (422) with the input kept and one message per bad field, writing nothing', async () => {
    const before = await Course.countDocuments();
    const body = courseFormBody({
      titleKo: '',
      capacity: 'abc',
      track: 'nonsense',
      enrolmentClosesAt: `${dayFromNow(-5)}T09:00`,
      eligibleCategories: [],
      sessions: [{ date: dayFromNow(5), start: '14:00', end: '10:00', topic: '거꾸로' }],
    });
    const res = await post('/manage/courses/new', body).expect(422);
    const $ = html(res.text);
    assert.equal($('#e-titleKo').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-capacity').length, 1);
    assert.equal($('#e-track').length, 1);
    assert.equal($('#e-enrolmentClosesAt').text(), '신청 마감은 신청 시작보다 늦어야 합니다.');
    assert.equal($('#e-eligibleCategories').length, 1);
    assert.match($('.session-row').first().text(), /종료 시간은 시작 시간보다 늦어야 합니다/);
    assert.equal($('input[name="sessions[0][topic]"]').val(), '거꾸로');
    assert.equal($('input[name=titleEn]').val(), body.titleEn);
    assert.equal(await Course.countDocuments(), before);
  });

  it('adds blank session rows without saving when "add rows" is pressed (no JavaScript needed)', async () => {
    const res = await post(
      '/manage/courses/new',
      courseFormBody({ addRows: '1', eligibleCategories: 'student' }),
    ).expect(200);
    const $ = html(res.text);
    assert.deepEqual(
      $('input[name=eligibleCategories]:checked')
        .map((_i, el) => $(el).val())
        .get(),
      ['student'],
    );
    assert.equal($('.session-row').length, 2 + 6);
    assert.equal($('input[name="sessions[1][topic]"]').val(), '실습');
  });

  it("keeps each session's _id on edit (attendance refers to it) and gives new rows new ids", async () => {
    const course = await make.course({ university: 'postech', status: 'draft' });
    const page = await staff.agent.get(`/manage/courses/${String(course._id)}/edit`).expect(200);
    const $ = html(page.text);
    const ids = course.sessions.map((s) => String(s._id));
    assert.deepEqual(
      [0, 1, 2].map((i) => $(`input[name="sessions[${i}][id]"]`).val()),
      ids,
    );
    const sessions = course.sessions.map((s) => ({
      id: String(s._id),
      date: s.date,
      start: s.start,
      end: s.end,
      topic: `${s.topic} 수정`,
    }));
    sessions.splice(1, 1);
    sessions.push({ id: '', date: dayFromNow(40), start: '10:00', end: '11:00', topic: '추가' });
    await post(`/manage/courses/${String(course._id)}/edit`, courseFormBody({ code: course.code, sessions })).expect(
      303,
    );
    const saved = await Course.findById(course._id).lean();
    assert.deepEqual(
      saved?.sessions.slice(0, 2).map((s) => String(s._id)),
      [ids[0], ids[2]],
    );
    assert.ok(!ids.includes(String(saved?.sessions[2]?._id)));
    assert.equal(saved?.sessions[0]?.topic, '세션 1 수정');
  });

  it('shows the whole completion rule on edit, so saving the page unchanged keeps it', async () => {
    const course = await make.course({
      university: 'postech',
      status: 'draft',
      completionRule: { latesPerAbsence: 2, excusedCountsAsAttended: false },
    });
    const path = `/manage/courses/${String(course._id)}/edit`;
    const $ = html((await staff.agent.get(path).expect(200)).text);
    assert.equal($('input[name=latesPerAbsence]').val(), '2');
    assert.equal($('input[name=excusedCountsAsAttended]').is('[checked]'), false);
    assert.match($('label[for=f-latesPerAbsence]').text(), /^결석 1회로 보는 지각·조퇴 횟수/);

    await staff.agent
      .post(path)
      .type('form')
      .send(formBody(formFields($, 'form.course-form'), { titleKo: '제목만 바꿈' }))
      .expect(303);
    const saved = await Course.findById(course._id).lean();
    assert.equal(saved?.title.ko, '제목만 바꿈');
    assert.deepEqual(
      { lates: saved?.completionRule?.latesPerAbsence, excused: saved?.completionRule?.excusedCountsAsAttended },
      { lates: 2, excused: false },
    );

    await post(path, courseFormBody({ code: course.code, latesPerAbsence: '0', excusedCountsAsAttended: 'on' })).expect(
      303,
    );
    const changed = await Course.findById(course._id).lean();
    assert.deepEqual(
      { lates: changed?.completionRule?.latesPerAbsence, excused: changed?.completionRule?.excusedCountsAsAttended },
      { lates: 0, excused: true },
    );
  });

  it('keeps the QR check-in grace period per course: shown, validated, saved', async () => {
    const course = await make.course({ university: 'postech', status: 'draft' });
    const path = `/manage/courses/${String(course._id)}/edit`;
    const $ = html((await staff.agent.get(path).expect(200)).text);
    assert.equal($('input[name=checkInGraceMinutes]').val(), '10', 'the default');
    assert.match($('label[for=f-checkInGraceMinutes]').text(), /QR 출석 유예 시간/);

    for (const bad of ['-1', '121', '2.5', 'soon', '']) {
      const refused = html(
        (await post(path, courseFormBody({ code: course.code, checkInGraceMinutes: bad })).expect(422)).text,
      );
      assert.ok(refused('#e-checkInGraceMinutes').text().trim(), `a message for ${JSON.stringify(bad)}`);
      assert.equal(refused('input[name=checkInGraceMinutes]').val(), bad, 'the input is kept');
    }
    assert.equal((await Course.findById(course._id).lean())?.checkInGraceMinutes, 10, 'nothing written');

    await post(path, courseFormBody({ code: course.code, checkInGraceMinutes: '15' })).expect(303);
    assert.equal((await Course.findById(course._id).lean())?.checkInGraceMinutes, 15);
  });

  it('refuses a course code already used at the university', async () => {
    const existing = await make.course({ university: 'postech', code: 'DUP-1' });
    const res = await post('/manage/courses/new', courseFormBody({ code: existing.code })).expect(422);
    assert.equal(html(res.text)('#e-code').text(), '이미 사용 중인 과정 코드입니다.');
  });

  describe('lifecycle guards', () => {
    const flashText = async () => html((await staff.agent.get('/manage')).text)('.flash').text();

    it('publishes a draft with sessions and a sound window', async () => {
      const course = await make.course({ university: 'postech', status: 'draft' });
      await post(`/manage/courses/${String(course._id)}/publish`).expect(303);
      assert.equal((await Course.findById(course._id).lean())?.status, 'published');
      assert.match(await flashText(), /게시했습니다/);
    });

    it('refuses to publish without sessions', async () => {
      const course = await make.course({ university: 'postech', status: 'draft', days: [] });
      await post(`/manage/courses/${String(course._id)}/publish`).expect(303);
      assert.equal((await Course.findById(course._id).lean())?.status, 'draft');
      assert.match(await flashText(), /일정이 하나 이상/);
    });

    it('refuses to publish when applications close after the course starts, or close before they open', async () => {
      for (const spec of [
        { closesAt: new Date(Date.now() + 60 * 24 * 3600 * 1000) },
        { opensAt: new Date(Date.now() + 5 * 24 * 3600 * 1000), closesAt: new Date(Date.now() + 2 * 24 * 3600 * 1000) },
      ]) {
        const course = await make.course({ university: 'postech', status: 'draft', ...spec });
        await post(`/manage/courses/${String(course._id)}/publish`).expect(303);
        assert.equal((await Course.findById(course._id).lean())?.status, 'draft');
        assert.match(await flashText(), /신청 마감은/);
      }
    });

    it('checks a draft against the publishing rules when it is saved, and shows each problem on its field', async () => {
      const saved = await post(
        '/manage/courses/new',
        courseFormBody({ code: 'DRAFT-CHK', enrolmentClosesAt: `${dayFromNow(25)}T18:00` }),
      ).expect(303);
      const edit = saved.headers.location!;
      for (const [lang, text] of [
        ['ko', '게시 전에 고칠 점: 신청 마감은 첫 교육 시작 전이어야 합니다.'],
        ['en', 'To fix before publishing:'],
      ] as const) {
        const $ = html((await staff.agent.get(`${edit}?lang=${lang}`).expect(200)).text);
        assert.ok($('#w-enrolmentClosesAt').text().startsWith(text), $('#w-enrolmentClosesAt').text());
        assert.equal($('#f-enrolmentClosesAt').attr('aria-describedby'), 'w-enrolmentClosesAt');
        assert.equal($('#w-sessions').length, 0, 'the sessions are fine');
      }
      // Publishing is refused for the same reason, and the field still says it.
      await staff.agent.get(`${edit}?lang=ko`).expect(200);
      await post(`${edit.replace('/edit', '')}/publish`).expect(303);
      assert.match(await flashText(), /신청 마감은 첫 교육 시작 전/);
      // Fixed and saved: no warning is left.
      const $ = html((await staff.agent.get(`${edit}?lang=ko`).expect(200)).text);
      await staff.agent
        .post(edit)
        .type('form')
        .send(formBody(formFields($, 'form.course-form'), { enrolmentClosesAt: `${dayFromNow(10)}T18:00` }))
        .expect(303);
      assert.equal(html((await staff.agent.get(edit).expect(200)).text)('.warning').length, 0);
    });

    it('closes only a published course, and re-opens a closed one', async () => {
      const draft = await make.course({ university: 'postech', status: 'draft' });
      await post(`/manage/courses/${String(draft._id)}/close`).expect(303);
      assert.equal((await Course.findById(draft._id).lean())?.status, 'draft');
      const course = await make.course({ university: 'postech' });
      await post(`/manage/courses/${String(course._id)}/close`).expect(303);
      assert.equal((await Course.findById(course._id).lean())?.status, 'closed');
      await post(`/manage/courses/${String(course._id)}/publish`).expect(303);
      assert.equal((await Course.findById(course._id).lean())?.status, 'published');
    });

    it('never lowers capacity below the seats taken, and promotes the waitlist when it grows', async () => {
      const course = await make.course({ university: 'postech', capacity: 2 });
      const trainees = await Promise.all([1, 2, 3].map(() => make.trainee()));
      for (const t of trainees) await applyToCourse(toActor(t), String(course._id));
      const form = courseFormBody({ code: course.code, sessions: courseToValues(course).sessions });
      const res = await post(`/manage/courses/${String(course._id)}/edit`, { ...form, capacity: '1' }).expect(422);
      assert.equal(html(res.text)('#e-capacity').text(), '이미 신청한 인원보다 정원을 줄일 수 없습니다.');
      await post(`/manage/courses/${String(course._id)}/edit`, { ...form, capacity: '3' }).expect(303);
      assert.equal(await Seat.countDocuments({ course: course._id }), 3);
      assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'enrolled' }), 3);
    });

    it('shows an edit and a cancellation on the public course page at once, though the page is served from memory', async () => {
      const course = await make.course({ university: 'postech' });
      const page = async () => html((await request(ctx.app).get(`/courses/${String(course._id)}`)).text);
      assert.equal((await page())('.course-venue').text(), '포항가속기연구소');
      const form = courseFormBody({ code: course.code, sessions: courseToValues(course).sessions });
      await post(`/manage/courses/${String(course._id)}/edit`, {
        ...form,
        venue: '포항테크노파크 2관',
        descriptionKo: '바뀐 소개',
      }).expect(303);
      const edited = await page();
      assert.equal(edited('.course-venue').text(), '포항테크노파크 2관');
      assert.equal(edited('.course-description').text(), '바뀐 소개');
      await post(`/manage/courses/${String(course._id)}/cancel`, { confirm: 'yes', reason: '강사 사정' }).expect(303);
      await request(ctx.app)
        .get(`/courses/${String(course._id)}`)
        .expect(404);
    });

    it('cancels a course, withdraws every application and notifies enrolled and waitlisted trainees', async () => {
      const course = await make.course({ university: 'postech', capacity: 1 });
      const [a, b] = await Promise.all([make.trainee(), make.trainee()]);
      await applyToCourse(toActor(a!), String(course._id));
      await applyToCourse(toActor(b!), String(course._id));
      await post(`/manage/courses/${String(course._id)}/cancel`, { confirm: 'yes', reason: '강사 사정' }).expect(303);
      assert.equal((await Course.findById(course._id).lean())?.status, 'cancelled');
      assert.equal(await Notification.countDocuments({ kind: 'cancelled', user: { $in: [a!._id, b!._id] } }), 2);
      assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'withdrawn' }), 2);
      assert.equal(await Seat.countDocuments({ course: course._id }), 0);
      await post(`/manage/courses/${String(course._id)}/publish`).expect(303);
      assert.equal(
        (await Course.findById(course._id).lean())?.status,
        'cancelled',
        'a cancelled course stays cancelled',
      );
      const edit = await post(
        `/manage/courses/${String(course._id)}/edit`,
        courseFormBody({ code: course.code }),
      ).expect(422);
      assert.match(html(edit.text)('.form-errors').text(), /수정할 수 없습니다/);
    });
  });

  it('approves and rejects applications from the roster', async () => {
    const course = await make.course({ university: 'postech', approvalRequired: true });
    const [a, b] = await Promise.all([make.trainee({ name: '승인될 사람' }), make.trainee({ name: '반려될 사람' })]);
    const first = await applyToCourse(toActor(a!), String(course._id));
    const second = await applyToCourse(toActor(b!), String(course._id));
    const roster = html((await staff.agent.get(`/manage/courses/${String(course._id)}/roster`)).text);
    const approveButton = roster(`tr[data-enrollment="${first.enrollmentId}"] button[form]`).first().attr('form');
    assert.equal(roster(`form#${approveButton}`).attr('action'), `/manage/enrollments/${first.enrollmentId}/approve`);
    const approved = await post(`/manage/enrollments/${first.enrollmentId}/approve`).expect(303);
    assert.equal(approved.headers.location, `/manage/courses/${String(course._id)}/roster`);
    await post(`/manage/enrollments/${second.enrollmentId}/reject`, { confirm: 'yes' }).expect(303);
    const after = await staff.agent.get(`/manage/courses/${String(course._id)}/roster`);
    assert.match(html(after.text)('.flash').text(), /반려했습니다/);
    assert.deepEqual(texts(after.text, '.roster tbody .status'), ['수강 확정', '반려']);
    await post(`/manage/enrollments/${second.enrollmentId}/approve`).expect(303);
    assert.match(html((await staff.agent.get('/manage')).text)('.flash-error').text(), /현재 상태에서는/);
    assert.equal((await Enrollment.findById(second.enrollmentId).lean())?.status, 'rejected');
  });

  describe('authorization', () => {
    it("answers 404 to another university's staff on every course and enrollment route", async () => {
      const course = await make.course({ university: 'korea', approvalRequired: true });
      const trainee = await make.trainee();
      const { enrollmentId } = await applyToCourse(toActor(trainee), String(course._id));
      const id = String(course._id);
      for (const path of [
        `/manage/courses/${id}/edit`,
        `/manage/courses/${id}/roster`,
        `/manage/courses/${id}/roster.csv`,
      ]) {
        await staff.agent.get(path).expect(404);
      }
      for (const path of [
        `/manage/courses/${id}/edit`,
        `/manage/courses/${id}/publish`,
        `/manage/courses/${id}/close`,
        `/manage/courses/${id}/cancel`,
        `/manage/enrollments/${enrollmentId}/approve`,
        `/manage/enrollments/${enrollmentId}/reject`,
      ]) {
        await post(path, courseFormBody()).expect(404);
      }
      assert.equal((await Course.findById(id).lean())?.status, 'published');
      assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'pending');
      await staff.agent.get('/manage/courses/not-an-id/edit').expect(404);
      const list = await staff.agent.get('/manage').expect(200);
      assert.equal(html(list.text)(`tr[data-course="${id}"]`).length, 0);
    });

    it('sends anonymous visitors to log in and refuses trainees (403) on /manage', async () => {
      const course = await make.course({ university: 'postech' });
      const anon = await request(ctx.app)
        .get(`/manage/courses/${String(course._id)}/edit`)
        .expect(303);
      assert.match(String(anon.headers.location), /^\/login\?returnTo=/);
      const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
      await trainee.agent.get('/manage').expect(403);
      await trainee.agent
        .post(`/manage/courses/${String(course._id)}/cancel`)
        .type('form')
        .send({ _csrf: trainee.csrf })
        .expect(403);
      assert.equal((await Course.findById(course._id).lean())?.status, 'published');
    });
  });
});
