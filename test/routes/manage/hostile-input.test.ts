import { gridFields } from '../../support/attendance-grid';
import assert from 'node:assert/strict';
import { Certificate } from '../../../models/certificate';
import { CompletionReport } from '../../../models/completion-report';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { courseFormBody } from '../../support/course-form';
import { make } from '../../support/factories';
import { textLimits } from '../../../models/text';
import {
  type Case,
  required,
  invalid,
  tooLong,
  character,
  hostileText,
  hostileMultilineText,
  malformedDays,
  bodyWith,
  everyCount,
  assertRefused,
  assertAllRefused,
  hostileFixture,
  type HostileFixture,
} from '../../support/hostile-input';
import { useTestApp } from '../../support/app';

describe('hostile input, university staff’s forms: every form answers 4xx with a message, writes nothing, never 500', () => {
  const ctx = useTestApp();
  let staff: HostileFixture['staff'];
  let city: HostileFixture['city'];
  let course: HostileFixture['course'];
  let enrollmentIds: HostileFixture['enrollmentIds'];
  let sessionIds: HostileFixture['sessionIds'];

  before(async function () {
    this.timeout(60_000);
    ({ staff, city, course, enrollmentIds, sessionIds } = await hostileFixture(ctx.app));
  });

  it('course form: texts, session dates and times, and the enrolment window', async function () {
    // About a hundred posts of the largest form, each page's error summary checked.
    this.timeout(60_000);
    const post = (body: Record<string, unknown>) =>
      staff.agent
        .post('/manage/courses/new')
        .type('form')
        .send({ _csrf: staff.csrf, ...body });
    const counts = await everyCount();
    const textFields: [string, Case[]][] = [
      ['titleKo', hostileText(textLimits.courseTitle)],
      ['venue', hostileText(textLimits.venue, { optional: true })],
      ['summaryEn', hostileMultilineText(textLimits.courseSummary)],
      ['descriptionKo', hostileMultilineText(textLimits.courseDescription)],
      ['instructors', hostileMultilineText(textLimits.instructors)],
    ];
    for (const [field, cases] of textFields) {
      for (const c of cases)
        assertRefused(
          await post(bodyWith(courseFormBody(), field, c.value)),
          `#e-${field}`,
          c.says,
          `${field}: ${c.label}`,
        );
    }
    const row = (fields: Record<string, unknown>) =>
      courseFormBody({
        sessions: [{ id: '', date: '2027-03-02', start: '09:00', end: '12:00', topic: '개론', ...fields }],
      });
    for (const c of hostileText(textLimits.sessionTopic, { optional: true }))
      assertRefused(await post(row({ topic: c.value })), '.session-row .error', c.says, `topic: ${c.label}`);
    for (const c of malformedDays)
      assertRefused(await post(row({ date: c.value })), '.session-row .error', c.says, `session date: ${c.label}`);
    for (const [value, says] of [
      ['99:99', '없는 시각입니다: 99:99'],
      ['24:00', '없는 시각입니다: 24:00'],
      ['9:00', 'HH:MM 형식'],
      [['09:00', '10:00'], invalid],
    ] as const) {
      assertRefused(
        await post(row({ start: value })),
        '.session-row .error',
        says,
        `session start ${JSON.stringify(value)}`,
      );
    }
    assertRefused(await post(row({ id: 'not-an-id' })), '.session-row .error', invalid, 'session id');
    const windows: Case[] = [
      {
        label: 'everything out of range',
        value: '2027-13-45T99:99',
        says: '달력에 없는 날짜나 시각입니다: 2027-13-45T99:99',
      },
      { label: 'February 30', value: '2027-02-30T09:00', says: '달력에 없는 날짜나 시각입니다: 2027-02-30T09:00' },
      { label: 'hour 24', value: '2027-02-27T24:00', says: '달력에 없는 날짜나 시각입니다: 2027-02-27T24:00' },
      { label: 'year 0000', value: '0000-01-01T09:00', says: '2000년부터 2099년 사이의 날짜를 입력해 주세요.' },
      { label: 'a date without time', value: '2027-02-27', says: '날짜와 시각을 입력해 주세요.' },
      { label: 'missing', value: undefined, says: required },
      { label: 'an array', value: ['2027-02-27T09:00', '2027-02-28T09:00'], says: invalid },
    ];
    for (const field of ['enrolmentOpensAt', 'enrolmentClosesAt']) {
      for (const c of windows)
        assertRefused(
          await post(bodyWith(courseFormBody(), field, c.value)),
          `#e-${field}`,
          c.says,
          `${field}: ${c.label}`,
        );
    }
    assertRefused(
      await post(courseFormBody({ capacity: ['10', '20'] })),
      '#e-capacity',
      required,
      'capacity as an array',
    );
    assertRefused(
      await post(courseFormBody({ eligibleCategories: { a: 'student' } })),
      '#e-eligibleCategories',
      invalid,
      'categories as an object',
    );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);

    const accepted = await post(
      courseFormBody({
        code: 'HOST-OK',
        titleKo: '😀'.repeat(textLimits.courseTitle),
        descriptionKo: '첫 줄\r\n\t들여 쓴 둘째 줄',
      }),
    );
    assert.equal(accepted.status, 303);
    const stored = await Course.findOne({ code: 'HOST-OK' }).lean();
    assert.equal(stored?.title.ko, '😀'.repeat(textLimits.courseTitle));
    assert.equal(stored?.description?.ko, '첫 줄\n\t들여 쓴 둘째 줄');
  });

  it('course edit: a refused edit leaves the course as it was', async () => {
    const draft = await make.course({
      status: 'draft',
      code: 'HOST-EDIT',
      title: { ko: '원래 제목', en: 'Original title' },
    });
    const post = (body: Record<string, unknown>) =>
      staff.agent
        .post(`/manage/courses/${String(draft._id)}/edit`)
        .type('form')
        .send({ _csrf: staff.csrf, ...body });
    const counts = await everyCount();
    assertRefused(
      await post(courseFormBody({ code: 'HOST-EDIT', titleKo: '새 제목\u202E' })),
      '#e-titleKo',
      character('202E'),
      'title',
    );
    assertRefused(
      await post(
        courseFormBody({
          code: 'HOST-EDIT',
          sessions: [
            { id: String(draft.sessions[0]?._id), date: '2027-02-30', start: '09:00', end: '12:00', topic: '' },
          ],
        }),
      ),
      '.session-row .error',
      '2027-02-30',
      'session date',
    );
    assertRefused(
      await post(courseFormBody({ code: 'HOST-EDIT', enrolmentClosesAt: '2027-13-45T99:99' })),
      '#e-enrolmentClosesAt',
      '2027-13-45T99:99',
      'window',
    );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    const stored = await Course.findById(draft._id).lean();
    assert.equal(stored?.title.ko, '원래 제목');
    assert.deepEqual(
      stored?.sessions.map((s) => s.date),
      draft.sessions.map((s) => s.date),
    );
  });

  it('attendance grid: remarks, statuses and scores', async () => {
    const [e0] = enrollmentIds;
    const [s0] = sessionIds;
    const cells = (cell: { mark?: string; remark?: string }) =>
      new URLSearchParams(gridFields([{ enrollment: e0!, session: s0!, ...cell }])).toString();
    const post = (body: string) =>
      staff.agent
        .post(`/manage/courses/${String(course._id)}/attendance`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(staff.csrf)}&${body}`);
    const counts = await everyCount();
    for (const c of hostileText(textLimits.attendanceRemark, { optional: true }).filter(
      (x) => typeof x.value === 'string',
    )) {
      const res = await post(cells({ mark: 'excused', remark: c.value as string }));
      assertRefused(res, `tr[data-enrollment="${e0}"] td .error`, c.says, `remark: ${c.label}`);
    }
    assertRefused(
      await post(cells({ mark: 'asleep' })),
      `tr[data-enrollment="${e0}"] td .error`,
      /출결 상태/,
      'unknown status',
    );
    assertRefused(
      await post(`${cells({})}&c[t0-d0][x]=present`),
      '.form-errors',
      /입력 내용을 확인해 주세요/,
      'status as an object',
    );
    assertRefused(
      await post(`${cells({})}&c[t0-d0][]=a&c[t0-d0][]=b`),
      `tr[data-enrollment="${e0}"] td .error`,
      /출결 상태/,
      'a cell as a list',
    );
    assertRefused(await post(`score[${e0}]=ninety`), '.form-errors', /입력 내용을 확인해 주세요/, 'score');
    assertRefused(await post(`c=present`), '.form-errors', /입력 내용을 확인해 주세요/, 'grid as a string');
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
  });

  it('roll call: one tap of a session', async () => {
    const [e0] = enrollmentIds;
    const [s0] = sessionIds;
    const post = (body: string) =>
      staff.agent
        .post(`/manage/courses/${String(course._id)}/sessions/${s0}/roll-call`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(staff.csrf)}&${body}`);
    const counts = await everyCount();
    const fix = /입력 내용을 확인해 주세요/;
    assertRefused(await post(`enrollment=${e0}`), '.form-errors', fix, 'no status');
    assertRefused(await post(`enrollment=${e0}&status=asleep`), '.form-errors', fix, 'unknown status');
    assertRefused(await post(`enrollment=${e0}&status=excused`), '.form-errors', fix, 'excused without its reason');
    assertRefused(await post(`enrollment=${e0}&status=present&status=late`), '.form-errors', fix, 'two statuses');
    assertRefused(await post(`enrollment[x]=${e0}&status=present`), '.form-errors', fix, 'enrollment as an object');
    assertRefused(await post(`enrollment=${e0}&status=present&was[]=late`), '.form-errors', fix, 'was as an array');
    assertRefused(await post(`enrollment=%00&status=present`), '.form-errors', fix, 'a NUL for the enrollment');
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
  });

  it('completion: override reasons, and the revocation reason of a certificate', async () => {
    const [e0, e1] = enrollmentIds as [string, string];
    const post = (body: string) =>
      staff.agent
        .post(`/manage/courses/${String(course._id)}/complete`)
        .type('form')
        .send(`_csrf=${encodeURIComponent(staff.csrf)}&${body}`);
    const counts = await everyCount();
    for (const c of hostileText(textLimits.decisionReason, { optional: true }).filter(
      (x) => typeof x.value === 'string',
    )) {
      const res = await post(`decision[${e0}]=completed&reason[${e0}]=${encodeURIComponent(c.value as string)}`);
      assertRefused(res, '.completion-preview .error', c.says, `reason: ${c.label}`);
    }
    assertRefused(
      await post(`decision[${e0}]=graduated`),
      '.form-errors',
      /입력 내용을 확인해 주세요/,
      'unknown decision',
    );
    assertRefused(
      await post(`decision=completed`),
      '.form-errors',
      /입력 내용을 확인해 주세요/,
      'decisions as a string',
    );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    assert.equal((await Enrollment.findById(e0).lean())?.status, 'enrolled');

    await make.marks(course, { _id: e1 }, ['present', 'present', 'present']);
    await post(`decision[${e0}]=rule&confirm=yes`).expect(303);
    const certificate = await Certificate.findOne({ enrollment: e1 }).lean();
    assert.ok(certificate, 'a certificate to revoke');
    const revoke = (reason: unknown) =>
      staff.agent
        .post(`/manage/certificates/${certificate.number}/revoke`)
        .type('form')
        .send(bodyWith({ _csrf: staff.csrf }, 'reason', reason));
    const afterCommit = await everyCount();
    for (const c of [
      ...hostileMultilineText(textLimits.decisionReason),
      { label: 'missing', value: undefined, says: required },
    ])
      assertRefused(await revoke(c.value), '#e-reason', c.says, `revoke reason: ${c.label}`);
    assertAllRefused();
    assert.deepEqual(await everyCount(), afterCommit);
    assert.equal((await Certificate.findById(certificate._id).lean())?.revokedAt, undefined);
  });

  it('roster: the decision reason, enrolling by email, and a message to the trainees', async function () {
    // About fifty posts, each answered with the whole roster: slow on a loaded machine.
    this.timeout(90_000);
    const roster = `/manage/courses/${String(course._id)}/roster`;
    const send = (action: string, body: Record<string, unknown>) =>
      staff.agent
        .post(`${roster}/${action}`)
        .type('form')
        .send({ _csrf: staff.csrf, ...body });
    const counts = await everyCount();
    const status = (await Enrollment.findById(enrollmentIds[0]).lean())?.status;
    const decision = { action: 'approve', ids: enrollmentIds[0] };
    for (const c of hostileMultilineText(textLimits.decisionReason))
      assertRefused(
        await send('decide', bodyWith(decision, 'reason', c.value)),
        '#e-reason',
        c.says,
        `reason: ${c.label}`,
      );
    for (const c of [
      { label: 'not an id', value: 'x', says: invalid },
      { label: 'a nested field', value: { x: 'y' }, says: invalid },
      { label: 'none', value: undefined, says: '처리할 신청자를 한 명 이상 선택해 주세요.' },
    ])
      assertRefused(await send('decide', bodyWith(decision, 'ids', c.value)), '#e-ids', c.says, `ids: ${c.label}`);
    assertRefused(
      await send('decide', { ...decision, action: 'delete' }),
      '.form-errors',
      /입력 내용을 확인해 주세요/,
      'action',
    );
    for (const c of [
      { label: 'missing', value: undefined, says: required },
      { label: 'not an address', value: 'trainee', says: '올바른 이메일 주소를 입력해 주세요.' },
      { label: 'too long', value: `${'a'.repeat(250)}@example.kr`, says: tooLong(254) },
      { label: 'an array', value: ['a@example.kr', 'b@example.kr'], says: invalid },
    ])
      assertRefused(await send('enrol', bodyWith({}, 'email', c.value)), '#e-email', c.says, `email: ${c.label}`);
    const message = { audience: 'enrolled', subject: '안내', body: '내용' };
    for (const c of hostileText(textLimits.messageSubject))
      assertRefused(
        await send('message', bodyWith(message, 'subject', c.value)),
        '#e-subject',
        c.says,
        `subject: ${c.label}`,
      );
    for (const c of [
      ...hostileMultilineText(textLimits.messageBody),
      { label: 'missing', value: undefined, says: required },
    ])
      assertRefused(await send('message', bodyWith(message, 'body', c.value)), '#e-body', c.says, `body: ${c.label}`);
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    assert.equal((await Enrollment.findById(enrollmentIds[0]).lean())?.status, status);
  });

  it('reports: the scope of a submission, and the city’s review note', async () => {
    const counts = await everyCount();
    const submit = (body: Record<string, unknown>) =>
      staff.agent
        .post('/manage/reports')
        .type('form')
        .send({ _csrf: staff.csrf, ...body });
    for (const quarter of ['2026-Q5', '0000-Q0', '2026-Q3\u202E', ['2026-Q3', '2026-Q4'], { a: '2026-Q3' }]) {
      assertRefused(
        await submit({ scope: 'quarter', quarter }),
        '.report-scope .error, .form-errors',
        /분기|입력 내용을 확인해 주세요/,
        `quarter ${JSON.stringify(quarter)}`,
      );
    }
    assertRefused(await submit({ scope: 'course', course: 'not-an-id' }), '.report-scope .error', /과정/, 'course id');
    assertRefused(
      await submit({ scope: ['quarter'] }),
      '.form-errors',
      /입력 내용을 확인해 주세요/,
      'scope as an array',
    );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);

    await submit({ scope: 'quarter', quarter: '2026-Q3' }).expect(303);
    const report = await CompletionReport.findOne({ period: '2026-Q3' }).lean();
    assert.ok(report);
    const submitted = await everyCount();
    for (const c of hostileMultilineText(textLimits.reviewNote)) {
      const res = await city.agent
        .post(`/city/reports/${String(report._id)}/return`)
        .type('form')
        .send(bodyWith({ _csrf: city.csrf }, 'note', c.value));
      assertRefused(res, '#e-note', c.says, `note: ${c.label}`);
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), submitted);
    assert.equal((await CompletionReport.findById(report._id).lean())?.status, 'submitted');
  });
});
