import assert from 'node:assert/strict';
import request from 'supertest';
import { Course } from '../../../models/course';
import { toActor } from '../../../server/services/accounts/auth';
import { csvCell, toCsv } from '../../../server/lib/csv';
import { applyToCourse } from '../../../server/services/applications/apply';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { courseFormBody } from '../../support/course-form';
import { dayFromNow, days, make } from '../../support/factories';
import { html, texts } from '../../support/html';
import { binaryBody } from '../../support/streams';

const hostile = `<script>alert(1)</script>"'&`;

describe('roster, CSV, trainee dashboard and escaping', () => {
  const ctx = useTestApp();
  let staff: SignedIn;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
  });

  describe('CSV', () => {
    it('quotes, neutralises formulas and starts with a byte-order mark', () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      for (const formula of ['=1+1', '+cmd', '-2', '@SUM(A1)', '\tx'])
        assert.equal(csvCell(formula).replace(/^"|"$/g, '')[0], "'");
      assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
      assert.equal(
        toCsv([
          ['a', 1],
          [null, undefined],
        ]),
        '\uFEFFa,1\r\n,\r\n',
      );
    });
  });

  it('lists applicants with status, category and affiliation, filters by status and exports the same as CSV', async () => {
    const course = await make.course({ university: 'postech', capacity: 1 });
    const names = ['=HYPERLINK("http://evil")', '김, 민수', '박"따옴표"'];
    const trainees = [];
    for (const [i, name] of names.entries()) {
      const t = await make.trainee({ name, category: i === 0 ? 'student' : 'employee' });
      trainees.push(t);
      await applyToCourse(toActor(t), String(course._id));
    }
    const id = String(course._id);
    const page = await staff.agent.get(`/manage/courses/${id}/roster`).expect(200);
    assert.deepEqual(texts(page.text, '.roster tbody .status'), ['수강 확정', '대기 (1)', '대기 (2)']);
    const waiting = await staff.agent.get(`/manage/courses/${id}/roster?status=waitlisted`).expect(200);
    assert.equal(html(waiting.text)('.roster tbody tr').length, 2);

    const csv = await staff.agent.get(`/manage/courses/${id}/roster.csv`).buffer(true).parse(binaryBody).expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv; charset=utf-8/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="?roster-T-/);
    const body = csv.body as Buffer;
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    assert.match(lines[0]!, /^이름,이메일,구분,소속,상태,신청 시각,대기 순번$/);
    assert.ok(lines[1]!.startsWith(`"'=HYPERLINK(""http://evil"")",`));
    assert.ok(lines[1]!.includes(',대학(원)생,포항,수강 확정,'));
    assert.ok(lines[2]!.startsWith('"김, 민수",'));
    assert.ok(lines[3]!.startsWith('"박""따옴표""",'));
  });

  it('shows a trainee their applications by status, waitlist place, coming sessions and notifications', async () => {
    const course = await make.course({
      capacity: 1,
      title: { ko: '대시보드 과정', en: 'Dashboard course' },
      days: [dayFromNow(5), dayFromNow(6)],
    });
    const first = await make.trainee();
    const second = await make.trainee();
    const a = await applyToCourse(toActor(first), String(course._id));
    await applyToCourse(toActor(second), String(course._id));
    const agent = (await loginAgent(ctx.app, second.email)).agent;
    const before = html((await agent.get('/me').expect(200)).text);
    assert.match(before('[data-group=waitlisted] .waitlist-rank').text(), /대기 1번째/);
    assert.equal(before('.upcoming li').length, 0);

    await withdrawEnrollment(toActor(first), a.enrollmentId);
    const after = html((await agent.get('/me').expect(200)).text);
    assert.equal(after('[data-group=active] .course-title').text(), '대시보드 과정');
    assert.equal(after('.upcoming li').length, 2);
    assert.equal(
      after('.notification[data-kind=promoted]').text().includes('「대시보드 과정」 과정에 자리가 나서 배정되었습니다'),
      true,
    );
    const en = html((await agent.get('/me?lang=en').expect(200)).text);
    assert.match(en('.notification[data-kind=promoted]').text(), /A seat freed up in “Dashboard course”/);
  });

  it('flags trainees below the attendance minimum or unable to reach it, on the roster and on their own /me', async () => {
    // Ten days, minimum 80%: two absences still allow 80%, three do not. The four marked are over and
    // the six others ahead (none ended without a mark, which /me counts as an absence), today skipped.
    const course = await make.course({
      university: 'postech',
      days: [...days(dayFromNow(-4), 4), ...days(dayFromNow(1), 6)],
      title: { ko: '출석 경고 과정', en: 'Attendance warning course' },
    });
    const [fine, behind, lost, waiting] = [
      await make.trainee({ name: '가정상' }),
      await make.trainee({ name: '나미달' }),
      await make.trainee({ name: '다불가' }),
      await make.trainee({ name: '라대기' }),
    ];
    const eFine = await make.enrollment(course, fine);
    const eBehind = await make.enrollment(course, behind);
    const eLost = await make.enrollment(course, lost);
    const eWaiting = await make.enrollment(course, waiting, 'waitlisted');
    await make.marks(course, eFine, ['present', 'present', 'late', 'present']);
    await make.marks(course, eBehind, ['present', 'absent', 'present', 'present']);
    await make.marks(course, eLost, ['absent', 'absent', 'absent', 'present']);

    const roster = html((await staff.agent.get(`/manage/courses/${String(course._id)}/roster`).expect(200)).text);
    const risk = (id: unknown) => roster(`tr[data-enrollment="${String(id)}"] .attendance`);
    assert.equal(risk(eFine._id).find('.risk-flag').length, 0);
    assert.match(risk(eFine._id).find('.badge.ok').text(), /정상/);
    assert.match(risk(eBehind._id).find('.risk-flag').text(), /기준\(80%\) 미달/);
    assert.match(risk(eBehind._id).find('.risk-now').text(), /75%/);
    assert.match(risk(eLost._id).find('.risk-flag').text(), /기준\(80%\) 도달 불가/);
    assert.equal(risk(eWaiting._id).text().trim(), '', 'no attendance figures for a waitlisted applicant');

    for (const [trainee, flag] of [
      [lost, /기준\(80%\) 도달 불가/],
      [behind, /기준\(80%\) 미달/],
    ] as const) {
      const agent = (await loginAgent(ctx.app, trainee.email)).agent;
      const me = html((await agent.get('/me').expect(200)).text);
      assert.match(me('.my-enrollment[data-status=enrolled] .risk-flag').text(), flag);
      const en = html((await agent.get('/me?lang=en').expect(200)).text);
      assert.match(en('.my-enrollment[data-status=enrolled] .risk-flag').text(), /80%/);
      assert.doesNotMatch(en('.my-enrollment[data-status=enrolled] .risk-flag').text(), /[가-힣]/);
    }
    const onTrack = html((await (await loginAgent(ctx.app, fine.email)).agent.get('/me').expect(200)).text);
    assert.equal(onTrack('.my-enrollment .risk-flag').length, 0);
    assert.match(onTrack('.my-enrollment .attendance-risk .badge.ok').text(), /정상/);
  });

  it('lets a trainee withdraw from /me before the start, and refuses it with a message once the course has started', async () => {
    const course = await make.course({ days: [dayFromNow(5)] });
    const trainee = await make.trainee();
    const { enrollmentId } = await applyToCourse(toActor(trainee), String(course._id));
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    const other = await loginAgent(ctx.app, (await make.trainee()).email);
    await other.agent
      .post(`/enrollments/${enrollmentId}/withdraw`)
      .type('form')
      .send({ _csrf: other.csrf })
      .expect(404);
    await Course.updateOne({ _id: course._id }, { $set: { startsAt: new Date(Date.now() - 3600 * 1000) } });
    assert.equal(html((await agent.get('/me')).text)(`form[action="/enrollments/${enrollmentId}/withdraw"]`).length, 0);
    await agent.post(`/enrollments/${enrollmentId}/withdraw`).type('form').send({ _csrf: csrf }).expect(303);
    assert.match(html((await agent.get('/me')).text)('.flash-error').text(), /이미 시작된 과정/);
    await Course.updateOne({ _id: course._id }, { $set: { startsAt: new Date(Date.now() + 3600 * 1000) } });
    assert.equal(html((await agent.get('/me')).text)(`form[action="/enrollments/${enrollmentId}/withdraw"]`).length, 1);
    const res = await agent
      .post(`/enrollments/${enrollmentId}/withdraw`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    assert.equal(res.headers.location, '/me');
    const after = html((await agent.get('/me')).text);
    assert.match(after('.flash').text(), /신청을 취소했습니다/);
    assert.equal(after('[data-group=inactive] .enrollment-status').text(), '신청 취소');
  });

  it('renders hostile text from every course field escaped on the catalog, course page, manage list and roster', async () => {
    const body = courseFormBody({
      code: 'XSS-1',
      titleKo: `가${hostile}`,
      titleEn: `A${hostile}`,
      summaryKo: hostile,
      summaryEn: hostile,
      descriptionKo: hostile,
      descriptionEn: hostile,
      venue: hostile,
      instructors: hostile,
      sessions: [{ id: '', date: dayFromNow(20), start: '09:00', end: '12:00', topic: hostile }],
    });
    await staff.agent
      .post('/manage/courses/new')
      .type('form')
      .send({ _csrf: staff.csrf, ...body })
      .expect(303);
    const course = await Course.findOne({ code: 'XSS-1' }).lean();
    assert.ok(course);
    const id = String(course._id);
    await staff.agent.post(`/manage/courses/${id}/publish`).type('form').send({ _csrf: staff.csrf }).expect(303);
    const trainee = await make.trainee({ name: hostile });
    await applyToCourse(toActor(trainee), id);

    const pages = [
      await request(ctx.app).get('/courses?q=%3Cscript').expect(200),
      await request(ctx.app).get(`/courses/${id}`).expect(200),
      await request(ctx.app).get(`/courses/${id}?lang=en`).expect(200),
      await staff.agent.get('/manage').expect(200),
      await staff.agent.get(`/manage/courses/${id}/edit`).expect(200),
      await staff.agent.get(`/manage/courses/${id}/roster`).expect(200),
      await (await loginAgent(ctx.app, trainee.email)).agent.get('/me').expect(200),
    ];
    for (const [n, res] of pages.entries()) {
      assert.ok(!res.text.includes('<script>alert(1)'), `unescaped on page ${n}`);
      assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), `shown escaped on page ${n}`);
    }
    const show = html(pages[1]!.text);
    for (const selector of [
      '.course-title',
      '.course-summary',
      '.course-venue',
      '.course-instructors',
      '.course-description',
      '.schedule td',
    ]) {
      assert.ok(show(selector).text().includes(hostile), selector);
    }
    assert.ok(html(pages[5]!.text)('.roster .name').text().includes(hostile));
  });
});
