// Every route the app has, read from its router, against every kind of visitor.
// A route without a row here fails the first test: add one line to `expected`
// (and, when it has a new kind of :param, one line to `fixtures`). For example:
//   fixtures:  courseA: async () => String((await make.course({ university: universityA }))._id),
//   expected:  'GET /manage/courses/:id/roster': { anon: LOGIN, trainee: 403, staffA: 200, staffB: 404, city: 403, params: { id: 'courseA' } },
// A param without `params` in its row uses the fixture of its own name (`:code` → fixtures.code).
// Cells run in the order of `visitors`, on one fixture per run: a POST that changes the
// record (approve, withdraw) does so for the later cells too.
import assert from 'node:assert/strict';
import request from 'supertest';
import { Skill } from '../../models/skill';
import { createApiToken } from '../../server/services/api-tokens/tokens';
import { toActor } from '../../server/services/accounts/auth';
import { issueCertificate } from '../../server/services/certificates/issue';
import { issuePasswordToken } from '../../server/services/accounts/password-tokens';
import { resetFeed } from '../../server/services/trainee/calendar-feed';
import { requestRegistration } from '../../server/services/accounts/registration';
import { databaseLimiter } from '../../server/services/limits/rate-limit';
import { outboxLink } from '../support/mail';
import { submitReport } from '../../server/services/reports/completion-reports';
import { csrfToken, loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { html } from '../support/html';
import { listAppRoutes } from '../support/route-list';

const visitors = ['anon', 'trainee', 'staffA', 'staffB', 'city'] as const;
type Visitor = (typeof visitors)[number];
/** A status, or LOGIN: 303 to /login (with returnTo for a GET). */
type Outcome = number | typeof LOGIN;
const LOGIN = 'login';

/** Universities of the two staff visitors: A owns the fixtures named `...A`. */
const universityA = 'postech';
const universityB = 'korea';

/**
 * Records a `:param` can stand for, made once per run. Each returns the value put in
 * the URL; a row names the fixture for each of its params, or the param's name is
 * looked up here (`:code` → fixtures.code).
 */
const fixtures = {
  code: async () => universityA,
  token: async () => (await issuePasswordToken(String((await make.staff(universityB))._id))).token,
  resetToken: async () => (await issuePasswordToken(String((await make.trainee())._id), undefined, 'reset')).token,
  /** A sign-up waiting for its activation link. */
  activation: async () => {
    const email = `pending-${Date.now()}@example.kr`;
    const perAddress = databaseLimiter({ name: 'matrix', points: 1, minutes: 1 });
    await requestRegistration(
      {
        name: '가입 대기',
        email,
        password: 'cathode-active-material',
        category: 'student',
        affiliation: '',
        pohangResident: false,
        consent: false,
        followUp: false,
        locale: 'ko',
      },
      { perAddress },
    );
    return (await outboxLink(email, 'activate')).split('/').pop()!;
  },
  staffUser: async () => String((await make.staff(universityB))._id),
  apiToken: async () =>
    (await createApiToken(toActor(await make.cityStaff()), { name: 'matrix', days: 30, scopes: ['figures:read'] })).id,
  skill: async () =>
    String(
      (
        await Skill.create({
          code: `MATRIX-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`,
          name: { ko: '역량', en: 'Skill' },
          source: { kind: 'city' },
        })
      )._id,
    ),
  /** Another trainee's calendar address: the secret in the URL is the only key. */
  feedToken: async () => resetFeed(toActor(await make.trainee())),
  courseA: async () => String((await make.course({ university: universityA }))._id),
  /** A course of A whose sessions are over, so completion can be previewed. */
  pastCourseA: async () =>
    String(
      (await make.course({ university: universityA, status: 'closed', days: [dayFromNow(-3), dayFromNow(-2)] }))._id,
    ),
  draftCourseA: async () => String((await make.course({ university: universityA, status: 'draft' }))._id),
  closableCourseA: async () => String((await make.course({ university: universityA }))._id),
  cancellableCourseA: async () => String((await make.course({ university: universityA }))._id),
  /** Another trainee's seat in a course of A. */
  enrollmentA: async () =>
    String((await make.enrollment(await make.course({ university: universityA }), await make.trainee()))._id),
  pendingA1: async () => pendingEnrollmentOfA(),
  pendingA2: async () => pendingEnrollmentOfA(),
  number: async () => (await certificateOfA()).number,
  verifyCode: async () => (await certificateOfA()).code,
  /** A course of A with a session that has started, and that session's id. */
  heldCourseA: async () => String((await heldCourseOfA())._id),
  heldSessionA: async () => String((await heldCourseOfA()).sessions[0]!._id),
  /** A follow-up round another trainee was asked about a course of A. */
  askedEnrollmentA: async () => {
    const course = await make.course({ university: universityA, status: 'completed', days: [dayFromNow(-100)] });
    const trainee = await make.trainee({ followUp: true });
    const enrollment = await make.enrollment(course, trainee, 'completed');
    await make.askedFollowUp(enrollment);
    return String(enrollment._id);
  },
  round: async () => '3',
  reportA: async () => {
    const staff = await make.staff(universityA);
    const course = await make.course({ university: universityA, status: 'completed', days: [dayFromNow(-5)] });
    return String((await submitReport(toActor(staff), { kind: 'course', courseId: String(course._id) }))._id);
  },
} satisfies Record<string, () => Promise<string>>;

let heldCourse: ReturnType<typeof make.course> | undefined;
function heldCourseOfA() {
  heldCourse ??= make.course({ university: universityA, status: 'closed', days: [dayFromNow(-1)] });
  return heldCourse;
}

async function pendingEnrollmentOfA() {
  const course = await make.course({ university: universityA, approvalRequired: true });
  return String((await make.enrollment(course, await make.trainee(), 'pending'))._id);
}

/** A certificate of another trainee, for a course of university A. */
async function certificateOfA() {
  const course = await make.course({ university: universityA, status: 'completed', days: [dayFromNow(-10)] });
  const trainee = await make.trainee({ name: '수료생' });
  const enrollment = await make.enrollment(course, trainee, 'completed');
  return issueCertificate(null, {
    enrollmentId: String(enrollment._id),
    course,
    trainee,
    university: { code: universityA, name: { ko: '포스텍', en: 'POSTECH' } },
  });
}
type Fixture = keyof typeof fixtures;

type Row = Record<Visitor, Outcome> & { params?: Record<string, Fixture> };

const everyone = (outcome: Outcome): Row => ({
  anon: outcome,
  trainee: outcome,
  staffA: outcome,
  staffB: outcome,
  city: outcome,
});
/** Pages for anyone signed in; `status` is what a signed-in visitor gets. */
const signedIn = (status: number): Row => ({ ...everyone(status), anon: LOGIN });
/** Pages behind the /city guard; `status` is what city staff get. */
const cityOnly = (status: number): Row => ({ anon: LOGIN, trainee: 403, staffA: 403, staffB: 403, city: status });
const anonOnly = (status: number): Row => ({ ...everyone(303), anon: status });
const traineeOnly = (status: number): Row => ({ anon: LOGIN, trainee: status, staffA: 403, staffB: 403, city: 403 });
/** Pages behind the /manage guard on a record of university A; `status` is what A's staff get. */
const staffOnly = (status: number): Row => ({ anon: LOGIN, trainee: 403, staffA: status, staffB: status, city: 403 });
const staffOfA = (status: number, params?: Row['params']): Row => ({
  anon: LOGIN,
  trainee: 403,
  staffA: status,
  staffB: 404,
  city: 403,
  params,
});

// POSTs are sent with a valid CSRF token and an empty form, so a handler that lets
// the visitor in answers 422 (its validation) or its redirect.
const expected: Record<string, Row> = {
  'GET /healthz': everyone(200),
  'GET /favicon.ico': everyone(301),
  'GET /': everyone(200),
  'GET /universities': everyone(200),
  'GET /universities/:code': everyone(200),
  'GET /login': anonOnly(200),
  'POST /login': everyone(422),
  'POST /logout': everyone(303),
  'GET /register': anonOnly(200),
  'POST /register': everyone(422),
  'GET /privacy': everyone(200),
  'GET /account/set-password/:token': everyone(200),
  'POST /account/set-password/:token': everyone(422),
  'GET /password/forgot': everyone(200),
  'POST /password/forgot': everyone(422),
  'GET /password/reset/:token': { ...everyone(200), params: { token: 'resetToken' } },
  'POST /password/reset/:token': { ...everyone(422), params: { token: 'resetToken' } },
  'GET /register/activate/:token': { ...everyone(200), params: { token: 'activation' } },
  // The first visitor opens the account (and is signed in to it); the link is used up for the others.
  'POST /register/activate/:token': {
    anon: 303,
    trainee: 410,
    staffA: 410,
    staffB: 410,
    city: 410,
    params: { token: 'activation' },
  },
  'GET /me/profile': signedIn(200),
  'GET /notifications': signedIn(200),
  'POST /me/profile': signedIn(422),
  'POST /me/profile/password': signedIn(422),
  'GET /city/staff': cityOnly(200),
  'GET /city/staff/new': cityOnly(200),
  'POST /city/staff': cityOnly(422),
  'POST /city/staff/:id/deactivate': { ...cityOnly(303), params: { id: 'staffUser' } },
  'POST /city/staff/:id/activate': { ...cityOnly(303), params: { id: 'staffUser' } },
  'GET /city/audit': cityOnly(200),
  'GET /city/api-tokens': cityOnly(200),
  'GET /city/api-tokens/new': cityOnly(200),
  'POST /city/api-tokens': cityOnly(422),
  // Another city user's token: city staff manage their own only.
  'POST /city/api-tokens/:id/revoke': { ...cityOnly(404), params: { id: 'apiToken' } },
  'GET /city/skills': cityOnly(200),
  'GET /city/skills/new': cityOnly(200),
  'POST /city/skills': cityOnly(422),
  'GET /city/skills/:id/edit': { ...cityOnly(200), params: { id: 'skill' } },
  'POST /city/skills/:id/edit': { ...cityOnly(422), params: { id: 'skill' } },
  'POST /city/skills/:id/deactivate': { ...cityOnly(303), params: { id: 'skill' } },
  'POST /city/skills/:id/activate': { ...cityOnly(303), params: { id: 'skill' } },
  'GET /announcements': everyone(200),
  'GET /contact': everyone(200),
  'GET /city/announcements': cityOnly(200),
  'POST /city/announcements': cityOnly(422),
  'GET /city/contact': cityOnly(200),
  'POST /city/contact': cityOnly(422),
  'GET /manage/courses/:id/announcements': staffOfA(200, { id: 'courseA' }),
  'POST /manage/courses/:id/announcements': staffOfA(422, { id: 'courseA' }),
  'GET /city/targets': cityOnly(200),
  'POST /city/targets': cityOnly(422),
  'GET /courses': everyone(200),
  'GET /courses/:id': { ...everyone(200), params: { id: 'courseA' } },
  'GET /courses/:id/calendar.ics': { ...everyone(200), params: { id: 'courseA' } },
  'GET /calendar/:token.ics': { ...everyone(200), params: { token: 'feedToken' } },
  'POST /courses/:id/enroll': {
    anon: LOGIN,
    trainee: 303,
    staffA: 403,
    staffB: 403,
    city: 403,
    params: { id: 'courseA' },
  },
  'POST /enrollments/:id/withdraw': {
    anon: LOGIN,
    trainee: 404,
    staffA: 403,
    staffB: 403,
    city: 403,
    params: { id: 'enrollmentA' },
  },
  'GET /me': traineeOnly(200),
  // Another trainee's round does not exist for this one.
  'GET /me/outcomes/:enrollment/:round': {
    ...traineeOnly(404),
    params: { enrollment: 'askedEnrollmentA', round: 'round' },
  },
  'POST /me/outcomes/:enrollment/:round': {
    ...traineeOnly(404),
    params: { enrollment: 'askedEnrollmentA', round: 'round' },
  },
  'GET /me/data': traineeOnly(200),
  'GET /me/data.json': traineeOnly(200),
  'GET /me/close': traineeOnly(200),
  'POST /me/close': traineeOnly(422),
  // Without the password step first, the confirmation sends the trainee back to it.
  'POST /me/close/confirm': traineeOnly(303),
  'GET /city/outcomes': cityOnly(200),
  'POST /me/calendar': traineeOnly(200),
  'POST /me/calendar/revoke': traineeOnly(303),
  'GET /manage': staffOnly(200),
  'GET /manage/courses': staffOnly(200),
  'GET /manage/courses/new': staffOnly(200),
  'POST /manage/courses/new': staffOnly(422),
  'GET /manage/courses/:id/edit': staffOfA(200, { id: 'courseA' }),
  'POST /manage/courses/:id/edit': staffOfA(422, { id: 'courseA' }),
  'POST /manage/courses/:id/publish': staffOfA(303, { id: 'draftCourseA' }),
  'POST /manage/courses/:id/close': staffOfA(303, { id: 'closableCourseA' }),
  // Cancelling, rejecting and revoking first answer a confirm page (nothing written).
  'POST /manage/courses/:id/cancel': staffOfA(200, { id: 'cancellableCourseA' }),
  'GET /manage/courses/:id/roster': staffOfA(200, { id: 'courseA' }),
  'GET /manage/courses/:id/roster.csv': staffOfA(200, { id: 'courseA' }),
  'POST /manage/enrollments/:id/approve': staffOfA(303, { id: 'pendingA1' }),
  'POST /manage/enrollments/:id/reject': staffOfA(200, { id: 'pendingA2' }),
  'POST /manage/courses/:id/roster/decide': staffOfA(422, { id: 'courseA' }),
  'POST /manage/courses/:id/roster/enrol': staffOfA(422, { id: 'courseA' }),
  'POST /manage/courses/:id/roster/message': staffOfA(422, { id: 'courseA' }),
  'GET /verify/:code': { ...everyone(200), params: { code: 'verifyCode' } },
  // The read API: public data for everyone alike, whoever is signed in (test/routes/api covers it in depth).
  'GET /api/docs': everyone(200),
  'GET /api/v1/openapi.json': everyone(200),
  'GET /api/v1/courses': everyone(200),
  'GET /api/v1/courses/:id': { ...everyone(200), params: { id: 'courseA' } },
  'GET /api/v1/universities': everyone(200),
  'GET /api/v1/open-data/figures': everyone(200),
  'GET /api/v1/open-data/figures.csv': everyone(200),
  'GET /open-data': everyone(200),
  'GET /api/v1/certificates/:code': { ...everyone(200), params: { code: 'verifyCode' } },
  // Behind a token, which no session stands for (test/routes/api/tokens.test.ts covers the tokens).
  'GET /api/v1/figures': everyone(401),
  'GET /api/v1/reports': everyone(401),
  'GET /api/v1/reports/:id': { ...everyone(401), params: { id: 'courseA' } },
  'GET /api/v1/enrollments': everyone(401),
  'GET /api/v1/changes': everyone(401),
  'GET /api/v1/outcomes': everyone(401),
  'GET /api/v1/courses/:id/roster': { ...everyone(401), params: { id: 'courseA' } },
  'GET /api/v1/courses/:id/attendance': { ...everyone(401), params: { id: 'courseA' } },
  'GET /certificates/:number': { anon: LOGIN, trainee: 404, staffA: 200, staffB: 404, city: 200 },
  'GET /certificates/:number.pdf': { anon: LOGIN, trainee: 404, staffA: 200, staffB: 404, city: 200 },
  'GET /me/transcript': traineeOnly(200),
  'GET /manage/courses/:id/attendance': staffOfA(200, { id: 'courseA' }),
  'POST /manage/courses/:id/attendance': staffOfA(303, { id: 'courseA' }),
  'GET /manage/courses/:id/roll-call': staffOfA(200, { id: 'heldCourseA' }),
  'GET /manage/courses/:id/sessions/:sessionId/roll-call': staffOfA(200, {
    id: 'heldCourseA',
    sessionId: 'heldSessionA',
  }),
  'POST /manage/courses/:id/sessions/:sessionId/roll-call': staffOfA(422, {
    id: 'heldCourseA',
    sessionId: 'heldSessionA',
  }),
  'GET /manage/courses/:id/sessions/:sessionId/check-in-code': staffOfA(200, {
    id: 'heldCourseA',
    sessionId: 'heldSessionA',
  }),
  // Without a valid code the scan is refused before anything else; with one, see test/routes/check-in.test.ts.
  'GET /check-in/:courseId/:sessionId': {
    ...everyone(400),
    params: { courseId: 'heldCourseA', sessionId: 'heldSessionA' },
  },
  'GET /check-in/resume': { anon: LOGIN, trainee: 410, staffA: 403, staffB: 403, city: 403 },
  'GET /manage/courses/:id/complete': staffOfA(200, { id: 'pastCourseA' }),
  'POST /manage/courses/:id/complete': staffOfA(422, { id: 'courseA' }),
  'GET /manage/courses/:id/certificates.zip': staffOfA(200, { id: 'pastCourseA' }),
  'POST /manage/certificates/:number/revoke': staffOfA(422),
  'GET /manage/reports': { anon: LOGIN, trainee: 403, staffA: 200, staffB: 200, city: 403 },
  'POST /manage/reports': { anon: LOGIN, trainee: 403, staffA: 422, staffB: 422, city: 403 },
  'GET /manage/reports/:id': staffOfA(200, { id: 'reportA' }),
  'GET /manage/reports/:id.pdf': staffOfA(200, { id: 'reportA' }),
  'GET /city': cityOnly(200),
  'GET /city/export.csv': cityOnly(200),
  'GET /city/export.xlsx': cityOnly(200),
  'GET /city/reports': cityOnly(200),
  'GET /city/reports/status': cityOnly(200),
  'GET /city/reports/:id': { ...cityOnly(200), params: { id: 'reportA' } },
  'GET /city/reports/:id.pdf': { ...cityOnly(200), params: { id: 'reportA' } },
  'GET /city/courses': cityOnly(200),
  'POST /city/reports/:id/return': { ...cityOnly(422), params: { id: 'reportA' } },
  'POST /city/reports/:id/acknowledge': { ...cityOnly(303), params: { id: 'reportA' } },
};

describe('authorization matrix', () => {
  const ctx = useTestApp();
  const emails = {} as Record<Exclude<Visitor, 'anon'>, string>;
  const getAgents = {} as Record<Visitor, Agent>;
  const values = new Map<Fixture, string>();

  before(async function () {
    this.timeout(60_000);
    emails.trainee = (await make.trainee()).email;
    emails.staffA = (await make.staff(universityA)).email;
    emails.staffB = (await make.staff(universityB)).email;
    emails.city = (await make.cityStaff()).email;
    getAgents.anon = request.agent(ctx.app);
    for (const visitor of visitors.filter((v) => v !== 'anon'))
      getAgents[visitor] = (await loginAgent(ctx.app, emails[visitor])).agent;
  });

  async function fixture(name: Fixture): Promise<string> {
    if (!values.has(name)) values.set(name, await fixtures[name]());
    return values.get(name)!;
  }

  async function urlFor(path: string, row: Row): Promise<string> {
    let url = path;
    for (const [, param] of path.matchAll(/:(\w+)/g)) {
      const name = row.params?.[param!] ?? param!;
      if (!(name in fixtures))
        throw new Error(`no fixture for :${param} in ${path}: add it to \`fixtures\` or name one in the row's params`);
      url = url.replace(`:${param}`, encodeURIComponent(await fixture(name as Fixture)));
    }
    return url;
  }

  /** POSTs get a fresh session each (a logout or a deactivation must not leak into the next cell). */
  async function send(visitor: Visitor, method: string, url: string) {
    if (method === 'GET') return getAgents[visitor].get(url);
    if (visitor === 'anon') {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent);
      return agent.post(url).type('form').send({ _csrf: token });
    }
    const { agent, csrf } = await loginAgent(ctx.app, emails[visitor]);
    return agent.post(url).type('form').send({ _csrf: csrf });
  }

  /** The outcome the response shows, checked against the page it rendered. */
  function outcomeOf(method: string, url: string, res: request.Response): Outcome | string {
    const location = String(res.headers.location ?? '');
    if (res.status === 303 && location.startsWith('/login')) {
      const wanted = method === 'GET' ? `/login?returnTo=${encodeURIComponent(url)}` : '/login';
      return location === wanted ? LOGIN : `303 → ${location}`;
    }
    const h1 = typeof res.text === 'string' ? html(res.text)('h1').first().text() : '';
    if (res.status === 403 && h1 !== '접근 권한이 없습니다') return `403 without the forbidden page (h1 ${h1})`;
    if (res.status === 404 && h1 !== '페이지를 찾을 수 없습니다') return `404 without the not-found page (h1 ${h1})`;
    if (res.status === 500) return '500';
    return res.status;
  }

  it('has an expectation for every route the router has, and no row for a route it lacks', () => {
    const actual = listAppRoutes(ctx.app).map((r) => `${r.method} ${r.path}`);
    const missing = actual.filter((key) => !(key in expected));
    const stale = Object.keys(expected).filter((key) => !actual.includes(key));
    assert.deepEqual(
      { missing, stale },
      { missing: [], stale: [] },
      'add a row to `expected` for each missing route, and remove stale rows',
    );
    assert.ok(actual.length >= Object.keys(expected).length);
  });

  for (const [key, row] of Object.entries(expected)) {
    it(key, async () => {
      const [method, path] = key.split(' ') as [string, string];
      const url = await urlFor(path, row);
      const got = {} as Record<Visitor, Outcome | string>;
      for (const visitor of visitors) got[visitor] = outcomeOf(method, url, await send(visitor, method, url));
      const want = Object.fromEntries(visitors.map((v) => [v, row[v]]));
      assert.deepEqual(got, want);
    });
  }
});
