import { gridFields } from '../support/attendance-grid';
import assert from 'node:assert/strict';
import request from 'supertest';
import { Attendance } from '../../models/attendance';
import { AuditEvent } from '../../models/audit-event';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { bySessionStart, Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { PasswordToken } from '../../models/password-token';
import { PendingRegistration } from '../../models/pending-registration';
import { ReportReview } from '../../models/report-review';
import { User } from '../../models/user';
import { issuePasswordToken } from '../../server/services/accounts/password-tokens';
import { csrfToken, loginAgent, type SignedIn } from '../support/agents';
import { useTestApp } from '../support/app';
import { courseFormBody } from '../support/course-form';
import { days, make, universityId } from '../support/factories';
import { errorSummaryProblems } from '../support/error-summary';
import { html } from '../support/html';
import { Skill } from '../../models/skill';
import { TargetPlan } from '../../models/target-plan';
import { textLimits } from '../../models/text';

/** A value a person or a script could post, and what the page must say about it. */
interface Case {
  label: string;
  value: unknown;
  says: string | RegExp;
}

const required = '필수 입력 항목입니다.';
const invalid = '올바른 값이 아닙니다.';
const tooLong = (max: number) => `${max}자 이내로 입력해 주세요.`;
const character = (codePoint: string) => new RegExp(`쓸 수 없는 문자\\(U\\+${codePoint}\\)`);

/** Hostile values for a one-line text field of at most `max` characters. */
function hostileText(max: number, { optional = false } = {}): Case[] {
  return [
    ...(optional
      ? []
      : [
          { label: 'missing', value: undefined, says: required },
          { label: 'blank', value: ' \u3000 ', says: required },
        ]),
    { label: 'one character too many', value: 'a'.repeat(max + 1), says: tooLong(max) },
    { label: 'one emoji too many', value: '😀'.repeat(max + 1), says: tooLong(max) },
    { label: 'one family emoji too many', value: '👨‍👩‍👧'.repeat(max + 1), says: tooLong(max) },
    {
      label: 'one decomposed Hangul syllable too many',
      value: '한'.normalize('NFD').repeat(max + 1),
      says: tooLong(max),
    },
    { label: 'one accented letter (two code points) too many', value: 'e\u0301'.repeat(max + 1), says: tooLong(max) },
    {
      label: 'a character stacking combining marks',
      value: `x${'\u0316\u0317\u0318\u0319\u031A'.repeat(3)}`,
      says: /결합 기호가 너무 많이/,
    },
    { label: 'a C0 control character', value: 'a\u0001b', says: character('0001') },
    { label: 'a C1 control character', value: 'a\u0085b', says: character('0085') },
    { label: 'a right-to-left override', value: '홍길동\u202Efdp.exe', says: character('202E') },
    { label: 'a bidi isolate', value: 'a\u2066b\u2069', says: character('2066') },
    { label: 'a zero-width space', value: 'a\u200Bb', says: character('200B') },
    { label: 'a Hangul filler (a blank-looking name)', value: '\u3164', says: character('3164') },
    { label: 'a line break in a one-line field', value: 'a\r\nb', says: character('000D') },
    { label: 'tag characters (hidden text)', value: 'a\u{E0069}\u{E0067}', says: character('E0069') },
    { label: 'a repeated field (an array)', value: ['a', 'b'], says: invalid },
    { label: 'a nested field (name[x]=y)', value: { x: 'y' }, says: invalid },
  ];
}

/** Hostile values for a multi-line text field: line breaks and tabs are fine, the rest is refused. */
function hostileMultilineText(max: number): Case[] {
  return hostileText(max, { optional: true }).filter((c) => !c.label.startsWith('a line break'));
}

const malformedDays: Case[] = [
  { label: 'month and day out of range', value: '2027-99-99', says: '달력에 없는 날짜입니다: 2027-99-99' },
  { label: 'year, month and day zero', value: '0000-00-00', says: '달력에 없는 날짜입니다: 0000-00-00' },
  { label: 'February 30', value: '2027-02-30', says: '달력에 없는 날짜입니다: 2027-02-30' },
  { label: 'February 29 of a common year', value: '2027-02-29', says: '달력에 없는 날짜입니다: 2027-02-29' },
  { label: 'month 13', value: '2027-13-01', says: '달력에 없는 날짜입니다: 2027-13-01' },
  { label: 'year 0000', value: '0000-01-01', says: '2000년부터 2099년 사이의 날짜를 입력해 주세요.' },
  { label: 'not a date', value: 'tomorrow', says: '날짜를 YYYY-MM-DD 형식으로 입력해 주세요.' },
];

/** `base` with `field` set to `value`, or left out when `value` is undefined. */
function bodyWith(base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries([
    ...Object.entries(base).filter(([k]) => k !== field),
    ...(value === undefined ? [] : [[field, value]]),
  ]);
}

/** What any refused input may change: nothing. */
async function everyCount() {
  const models = {
    User,
    PendingRegistration,
    Course,
    Enrollment,
    Attendance,
    Certificate,
    CompletionReport,
    ReportReview,
    PasswordToken,
    AuditEvent,
  } as const;
  const counts = await Promise.all(Object.values(models).map((m) => (m as typeof User).countDocuments()));
  return Object.fromEntries(Object.keys(models).map((name, i) => [name, counts[i]]));
}

/** What went wrong so far in a test: every case is tried, then all are reported together. */
let problems: string[] = [];

/** The answer is a 4xx page (never a 500) showing `says` where `where` points, its error summary linked to the fields. */
function assertRefused(res: request.Response, where: string, says: string | RegExp, label: string) {
  if (res.status < 400 || res.status >= 500) {
    problems.push(`${label}: answered ${res.status}`);
    return;
  }
  const shown = html(res.text)(where).text().trim();
  const said = typeof says === 'string' ? shown.includes(says) : says.test(shown);
  if (!said) problems.push(`${label}: ${where} says "${shown.slice(0, 80)}", not ${String(says)}`);
  problems.push(...errorSummaryProblems(res.text).map((problem) => `${label}: ${problem}`));
}

function assertAllRefused() {
  const found = problems;
  problems = [];
  assert.deepEqual(found, []);
}

describe('hostile input: every form answers 4xx with a message, writes nothing, never 500', () => {
  const ctx = useTestApp();
  let staff: SignedIn;
  let city: SignedIn;
  let trainee: Awaited<ReturnType<typeof make.trainee>>;
  let traineeAgent: SignedIn;
  let course: Awaited<ReturnType<typeof make.course>>;
  let enrollmentIds: string[];
  let sessionIds: string[];

  before(async function () {
    this.timeout(60_000);
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    trainee = await make.trainee({ name: '김교육', consent: true });
    traineeAgent = await loginAgent(ctx.app, trainee.email);
    course = await make.course({ status: 'closed', days: days('2026-08-10', 3), code: 'HOST-1' });
    const enrollments = [await make.enrollment(course, trainee), await make.enrollment(course, await make.trainee())];
    enrollmentIds = enrollments.map((e) => String(e._id));
    sessionIds = [...course.sessions].sort(bySessionStart).map((s) => String(s._id));
  });

  it('registration: name and affiliation, and a 100-emoji name (200 UTF-16 units) is kept as typed for activation', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/register');
    const base = {
      _csrf: token,
      name: '박배터리',
      email: 'hostile-register@example.kr',
      password: 'lithium-iron-phosphate',
      passwordConfirm: 'lithium-iron-phosphate',
      category: 'student',
      affiliation: '포스텍',
      privacyConsent: 'on',
    };
    const counts = await everyCount();
    for (const field of ['name', 'affiliation'] as const) {
      for (const c of hostileText(field === 'name' ? textLimits.personName : textLimits.affiliation, {
        optional: field === 'affiliation',
      })) {
        const res = await agent
          .post('/register')
          .type('form')
          .send(bodyWith(base, field, c.value));
        assertRefused(res, `#e-${field}`, c.says, `${field}: ${c.label}`);
      }
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts, 'nothing was written');

    const emoji = '😀'.repeat(textLimits.personName);
    const res = await agent
      .post('/register')
      .type('form')
      .send({ ...base, name: emoji, affiliation: '한동대'.normalize('NFD') });
    assert.ok(res.status < 400, `answered ${res.status}`);
    const pending = await PendingRegistration.findOne({ email: base.email }).lean();
    assert.equal(pending?.name, emoji);
    assert.equal(pending?.trainee?.affiliation, '한동대', 'stored composed (NFC)');
  });

  it('profile: name and affiliation leave the stored profile as it was', async () => {
    const base = { _csrf: traineeAgent.csrf, name: '김교육', locale: 'ko', category: 'employee', affiliation: '포항' };
    const counts = await everyCount();
    for (const field of ['name', 'affiliation'] as const) {
      for (const c of hostileText(textLimits.personName, { optional: field === 'affiliation' })) {
        const res = await traineeAgent.agent
          .post('/me/profile')
          .type('form')
          .send(bodyWith(base, field, c.value));
        assertRefused(res, `#e-${field}`, c.says, `${field}: ${c.label}`);
      }
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    const stored = await User.findById(trainee._id).lean();
    assert.equal(stored?.name, '김교육');
    assert.equal(stored?.trainee?.affiliation, '포항');
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

  it('staff accounts: name, email and university', async () => {
    const base = {
      _csrf: city.csrf,
      name: '새 담당자',
      email: 'hostile-staff@example.kr',
      role: 'university_staff',
      university: await universityId('knu'),
    };
    const post = (body: Record<string, unknown>) => city.agent.post('/city/staff').type('form').send(body);
    const counts = await everyCount();
    for (const c of hostileText(textLimits.personName))
      assertRefused(await post(bodyWith(base, 'name', c.value)), '#e-name', c.says, `name: ${c.label}`);
    for (const [value, says] of [
      ['kim\u202E@example.kr', '올바른 이메일'],
      [['a@example.kr', 'b@example.kr'], invalid],
      [`${'a'.repeat(250)}@example.kr`, tooLong(254)],
      [undefined, required],
    ] as const) {
      assertRefused(await post(bodyWith(base, 'email', value)), '#e-email', says, `email ${JSON.stringify(value)}`);
    }
    for (const university of ['not-an-id', ['a', 'b']])
      assertRefused(
        await post({ ...base, university }),
        '.form-errors',
        /입력 내용을 확인해 주세요/,
        `university ${JSON.stringify(university)}`,
      );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
  });

  it('skills: code, names, description, source and order', async () => {
    const base = {
      _csrf: city.csrf,
      code: 'HOSTILE-1',
      nameKo: '역량',
      nameEn: 'Skill',
      descriptionKo: '',
      descriptionEn: '',
      sourceKind: 'city',
      sourceReference: '',
      order: '10',
    };
    const post = (body: Record<string, unknown>) => city.agent.post('/city/skills').type('form').send(body);
    const counts = [await everyCount(), await Skill.countDocuments()];
    for (const c of hostileText(100))
      assertRefused(await post(bodyWith(base, 'nameEn', c.value)), '#e-nameEn', c.says, `nameEn: ${c.label}`);
    for (const c of hostileMultilineText(500))
      assertRefused(
        await post(bodyWith(base, 'descriptionKo', c.value)),
        '#e-descriptionKo',
        c.says,
        `descriptionKo: ${c.label}`,
      );
    for (const [field, value, says] of [
      ['code', 'HOSTILE\u202E', /./],
      ['code', ['A', 'B'], invalid],
      ['sourceKind', { a: 'city' }, required],
      ['sourceKind', 'wikipedia', required],
      ['order', ['1', '2'], '숫자를 입력해 주세요.'],
      ['order', '99999999999999999999', /정수를|사이의 숫자/],
    ] as const)
      assertRefused(await post(bodyWith(base, field, value)), `#e-${field}`, says, `${field} ${JSON.stringify(value)}`);
    assertAllRefused();
    assert.deepEqual([await everyCount(), await Skill.countDocuments()], counts);
  });

  it('targets: the year and every number of every row', async () => {
    const university = await universityId('postech');
    // One row as a browser posts it (`targets[0][hours]=…`; the test client would nest a list differently).
    const row = (values: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries({ university, focus: '', trainees: '', completions: '', hours: '', ...values }).map(([k, v]) => [
          `targets[0][${k}]`,
          v,
        ]),
      );
    const post = (body: Record<string, unknown>) =>
      city.agent
        .post('/city/targets')
        .type('form')
        .send({ _csrf: city.csrf, year: '2026', ...body });
    const counts = [await everyCount(), await TargetPlan.countDocuments()];
    for (const [label, body] of [
      ['a negative number', row({ trainees: '-5' })],
      ['a fraction', row({ hours: '0.5' })],
      ['an array', row({ completions: ['1', '2'] })],
      ['an object', row({ completions: { a: '1' } })],
      ['a huge number', row({ hours: '1e12' })],
      ['an unknown focus', row({ focus: 'track:nuclear', hours: '3' })],
      ['a focus that is not one', row({ focus: '$where', hours: '3' })],
      ['a university that is not one', row({ university: 'postech', hours: '3' })],
      ['rows as a string', { targets: 'all of them' }],
      ['a year as an array', { year: ['2026', '2027'], ...row({ hours: '3' }) }],
      ['a year out of range', { year: '20260', ...row({ hours: '3' }) }],
    ] as const) {
      const res = await post(body);
      if (res.status !== 422) problems.push(`${label}: answered ${res.status}`);
    }
    assertAllRefused();
    assert.deepEqual([await everyCount(), await TargetPlan.countDocuments()], counts);
  });

  it('login: malformed emails and passwords are refused before any account is looked up', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/login');
    const counts = await everyCount();
    const cases: [string, unknown, unknown, string, string | RegExp][] = [
      ['email with an override', `${trainee.email}\u202E`, 'whatever-password', '#e-email', '올바른 이메일'],
      ['email as an array', [trainee.email, trainee.email], 'whatever-password', '#e-email', invalid],
      ['email as an object', { a: trainee.email }, 'whatever-password', '#e-email', invalid],
      ['email far too long', `${'a'.repeat(5000)}@example.kr`, 'whatever-password', '#e-email', tooLong(254)],
      ['password missing', trainee.email, undefined, '#e-password', required],
      ['password as an object', trainee.email, { a: 'b' }, '#e-password', /./],
    ];
    for (const [label, email, password, where, says] of cases) {
      const res = await agent
        .post('/login')
        .type('form')
        .send(bodyWith(bodyWith({ _csrf: token }, 'email', email), 'password', password));
      assertRefused(res, where, says, label);
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts, 'no attempt was recorded and no account changed');
  });

  it('set-password: a malformed password leaves the link unused', async () => {
    const account = await make.staff('knu');
    const { token } = await issuePasswordToken(String(account._id));
    const agent = request.agent(ctx.app);
    const csrf = await csrfToken(agent, `/account/set-password/${token}`);
    const counts = await everyCount();
    const cases = [
      ['missing', undefined, undefined, required],
      ['an array', ['a', 'b'], 'a', invalid],
      ['an object', { a: 'b' }, { a: 'b' }, invalid],
    ] as const;
    for (const [label, password, passwordConfirm, says] of cases) {
      const res = await agent
        .post(`/account/set-password/${token}`)
        .type('form')
        .send(bodyWith(bodyWith({ _csrf: csrf }, 'password', password), 'passwordConfirm', passwordConfirm));
      assertRefused(res, '#e-password', says, label);
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    await agent.get(`/account/set-password/${token}`).expect(200);
  });

  it('city audit filter: a day that is not on the calendar gets a message, not a 500', async () => {
    const get = (query: string) => city.agent.get(`/city/audit?${query}`);
    for (const c of malformedDays)
      assertRefused(await get(`from=${encodeURIComponent(c.value as string)}`), '#e-from', c.says, `from: ${c.label}`);
    assertRefused(await get('to=2027-02-30'), '#e-to', '2027-02-30', 'to');
    assertRefused(
      await get('from=2027-03-02&to=2027-03-01'),
      '#e-to',
      '종료일은 시작일보다 빠를 수 없습니다.',
      'to before from',
    );
    assertRefused(await get('from=2027-03-01&from=2027-03-02'), '#e-from', invalid, 'from twice');
    assertRefused(await get(`person=${encodeURIComponent('kim\u202E')}`), '#e-person', character('202E'), 'person');
    assertRefused(
      await get('from=2026-01-01&to=2099-12-31'),
      '#e-from',
      '366일까지',
      'a range longer than the log walks',
    );
    assertRefused(await get('action=course.%3Cscript%3E'), '#e-action', invalid, 'an action that does not exist');
    assertAllRefused();
    const ok = await get('from=2026-01-01&to=2026-03-31&page=abc').expect(200);
    assert.equal(html(ok.text)('.error').length, 0);
  });

  it('catalog and other filters: bad values are ignored, the page still answers', async () => {
    const queries = [
      'q=%E2%80%AE',
      `q=${encodeURIComponent('가'.repeat(1000))}`,
      'q=a&q=b',
      'q[a]=b',
      'page=-1',
      'page=1e9',
      'university=..%2F..',
      'track=x&track=y',
      'mode[]=online',
      'open=1&open=1',
    ];
    for (const query of queries) {
      const res = await request(ctx.app).get(`/courses?${query}`);
      assert.equal(res.status, 200, query);
      assert.equal(html(res.text)('h1').text(), '교육과정 찾기');
    }
    for (const query of ['period=2026-Q9', 'period=0000-Q1', 'university[]=x', 'track=%00x'])
      assert.ok((await city.agent.get(`/city?${query}`)).status < 500, query);
    assert.equal((await staff.agent.get(`/manage/courses/${String(course._id)}/roster?status=a&status=b`)).status, 200);
    assert.equal((await city.agent.get('/city/reports?status[]=x')).status, 200);
  });

  it('a NUL character in the address is a 400 page, not a failing query', async () => {
    for (const path of ['/universities/%00', '/certificates/%00', '/verify/a%00', '/courses?q=%00']) {
      const res = await traineeAgent.agent.get(path);
      assertRefused(res, 'main', '요청을 처리할 수 없습니다', path);
    }
    assertAllRefused();
  });
});
