import assert from 'node:assert/strict';
import request from 'supertest';
import { Attendance } from '../../models/attendance';
import { AuditEvent } from '../../models/audit-event';
import { Course } from '../../models/course';
import { seoulInstant } from '../../server/lib/calendar';
import { clock as appClock } from '../../server/lib/clock';
import { checkInCodes } from '../../server/services/attendance/check-in';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { minutes, useClock } from '../support/clock';
import { dayFromNow, defaultPassword, make } from '../support/factories';
import { shownDate } from '../support/dates';
import { html } from '../support/html';

type Course = Awaited<ReturnType<typeof make.course>>;

describe('QR check-in: a rotating signed code, within the session, for enrolled trainees', () => {
  const ctx = useTestApp();
  const clock = useClock();
  const day = dayFromNow(2);
  const startsAt = seoulInstant(day, '10:00');
  /** Moves the app's clock to `offset` ms after the session's start (10:00–12:00, two days from now). */
  const at = (offset: number) => clock.advance(startsAt.getTime() + offset - appClock.now());
  const codes = () => checkInCodes(ctx.config.sessionSecret);
  /** The code a staff screen would show now. */
  const codeLink = (s: { course: Course; sessionId: string }) =>
    `/check-in/${s.course._id}/${s.sessionId}?t=${codes().codeFor(`${s.course._id}.${s.sessionId}`, appClock.now())}`;

  async function session(spec: { grace?: number; university?: string } = {}) {
    const course = await make.course({
      university: spec.university ?? 'postech',
      days: [day],
      hours: { start: '10:00', end: '12:00' },
    });
    if (spec.grace !== undefined)
      await Course.updateOne({ _id: course._id }, { $set: { checkInGraceMinutes: spec.grace } });
    return { course, sessionId: String(course.sessions[0]!._id) };
  }

  /** The check-in address the staff screen shows now, read from the page as a phone would read the QR code. */
  async function screenUrl(course: Course, sessionId: string) {
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const res = await staff.agent.get(`/manage/courses/${course._id}/sessions/${sessionId}/check-in-code`).expect(200);
    const $ = html(res.text);
    assert.equal($('.check-in-code svg').length, 1, 'the QR code is drawn');
    assert.equal($('.roll-call-session .session-when').text(), `${shownDate(day)} 10:00–12:00`);
    assert.match(res.headers.refresh ?? '', /^\d+$/, 'the page reloads itself as the code rotates');
    const url = new URL($('.check-in-code').attr('data-check-in-url')!);
    assert.equal(url.origin, new URL(ctx.config.baseUrl).origin, 'built on BASE_URL');
    return `${url.pathname}${url.search}`;
  }

  async function enrolledTrainee(course: Course, status: 'enrolled' | 'pending' = 'enrolled') {
    const user = await make.trainee({ name: '박출석' });
    const enrollment = await make.enrollment(course, user, status);
    return { user, enrollment, ...(await loginAgent(ctx.app, user.email)) };
  }

  const marksOf = async (enrollment: { _id: unknown }) =>
    (await Attendance.find({ enrollment: enrollment._id }).lean()).map((a) => a.status);
  const message = (text: string) => html(text)('.check-in-message').text().trim();

  it('marks an enrolled trainee present on the first scan and says "already recorded" on the next', async () => {
    at(minutes(3));
    const { course, sessionId } = await session();
    const url = await screenUrl(course, sessionId);
    const me = await enrolledTrainee(course);

    const first = await me.agent.get(url).expect(200);
    assert.match(message(first.text), /출석 체크가 완료되었습니다: 출석/);
    assert.deepEqual(await marksOf(me.enrollment), ['present']);
    const second = await me.agent.get(`${url}&lang=en`).expect(200);
    assert.match(message(second.text), /already recorded: Present/);
    assert.equal(html(second.text)('.check-in-course .session-when').text(), `${shownDate(day, 'en')} 10:00–12:00`);
    await me.agent.get('/?lang=ko');
    assert.deepEqual(await marksOf(me.enrollment), ['present'], 'one mark');
    const audit = await AuditEvent.find({ action: 'attendance.check_in', targetId: me.enrollment._id }).lean();
    assert.equal(audit.length, 1, 'the check-in is audited once');
    assert.equal(String(audit[0]?.actor), String(me.user._id));
    assert.deepEqual(audit[0]?.after, { status: 'present' });
  });

  it("marks late after the course's grace period, and present within it", async () => {
    const strict = await session({ grace: 10 });
    const lenient = await session({ grace: 20 });
    at(minutes(15));
    const a = await enrolledTrainee(strict.course);
    const b = await enrolledTrainee(lenient.course);
    assert.match(message((await a.agent.get(codeLink(strict)).expect(200)).text), /: 지각/);
    assert.match(message((await b.agent.get(codeLink(lenient)).expect(200)).text), /: 출석/);
    assert.deepEqual(await marksOf(a.enrollment), ['late']);
    assert.deepEqual(await marksOf(b.enrollment), ['present']);
  });

  it('refuses a code replayed after its validity, a forged one and one for another session', async () => {
    at(minutes(1));
    const { course, sessionId } = await session();
    const other = await session();
    const url = await screenUrl(course, sessionId);
    const me = await enrolledTrainee(course);
    await enrolledTrainee(other.course);

    at(minutes(1) + 65_000);
    const expired = await me.agent.get(url).expect(410);
    assert.match(message(expired.text), /만료된 코드입니다/);
    const expiredEn = await me.agent.get(`${url}&lang=en`).expect(410);
    assert.match(message(expiredEn.text), /This code has expired/);
    await me.agent.get('/?lang=ko');

    const fresh = await screenUrl(course, sessionId);
    // The signature's first character (its last one carries padding bits that decode to nothing).
    const forged = fresh.replace(/\.(.)/, (_m, c: string) => `.${c === 'A' ? 'B' : 'A'}`);
    assert.match(message((await me.agent.get(forged).expect(400)).text), /올바른 출석 코드가 아닙니다/);
    const code = new URL(fresh, 'http://x').searchParams.get('t');
    await me.agent.get(`/check-in/${other.course._id}/${other.sessionId}?t=${code}`).expect(400);
    await me.agent.get(`/check-in/${course._id}/${sessionId}`).expect(400);
    await me.agent.get(`/check-in/${course._id}/${sessionId}?t=${'9'.repeat(12)}.${'A'.repeat(22)}`).expect(400);
    await me.agent.get(`/check-in/not-an-id/${sessionId}?t=${code}`).expect(400);
    assert.deepEqual(await marksOf(me.enrollment), [], 'nothing recorded');
  });

  it("works only within the session's window: from 30 minutes before the start to its end", async () => {
    const s = await session();
    const { course, sessionId } = s;
    at(minutes(-40));
    const me = await enrolledTrainee(course);
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const screen = html(
      (await staff.agent.get(`/manage/courses/${course._id}/sessions/${sessionId}/check-in-code`).expect(200)).text,
    );
    assert.equal(screen('.check-in-code').length, 0, 'no code before the window');
    assert.match(screen('main .notice').text(), /출석 체크는 회차 시작 30분 전인 .*09:30에 열립니다/);

    const codeNow = (offset: number) => {
      at(offset);
      return codeLink(s);
    };
    assert.match(message((await me.agent.get(codeNow(minutes(-40))).expect(409)).text), /09:30에 열립니다/);
    assert.match(message((await me.agent.get(codeNow(minutes(121))).expect(409)).text), /12:00에 마감되었습니다/);
    assert.deepEqual(await marksOf(me.enrollment), []);
    // Twenty minutes early is within the window, and on time.
    assert.match(message((await me.agent.get(codeNow(minutes(-20))).expect(200)).text), /: 출석/);
  });

  it('refuses a trainee who is not enrolled (none, or still pending), and staff', async () => {
    at(minutes(2));
    const { course, sessionId } = await session();
    const url = await screenUrl(course, sessionId);
    const stranger = await loginAgent(ctx.app, (await make.trainee()).email);
    const refused = await stranger.agent.get(url).expect(403);
    assert.match(message(refused.text), /수강 확정된 교육생이 아니어서/);
    const pending = await enrolledTrainee(course, 'pending');
    await pending.agent.get(url).expect(403);
    assert.deepEqual(await marksOf(pending.enrollment), []);
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    assert.match((await staff.agent.get(url).expect(403)).text, /QR 출석은 교육생만/);
    assert.equal(await Attendance.countDocuments({ course: course._id }), 0);
  });

  it("never changes a mark staff already set, and another university's staff cannot show the code", async () => {
    at(minutes(5));
    const { course, sessionId } = await session();
    const url = await screenUrl(course, sessionId);
    const me = await enrolledTrainee(course);
    await make.marks(course, me.enrollment, ['absent']);
    assert.match(message((await me.agent.get(url).expect(200)).text), /이미 기록되어 있습니다: 결석/);
    assert.deepEqual(await marksOf(me.enrollment), ['absent']);

    const korea = await loginAgent(ctx.app, (await make.staff('korea')).email);
    await korea.agent.get(`/manage/courses/${course._id}/sessions/${sessionId}/check-in-code`).expect(404);
    await korea.agent.get(`/manage/courses/${course._id}/sessions/${sessionId}/roll-call`).expect(404);
  });

  it('records one mark when two scans arrive at once', async () => {
    at(minutes(4));
    const { course, sessionId } = await session();
    const url = await screenUrl(course, sessionId);
    const me = await enrolledTrainee(course);
    const answers = await Promise.all([me.agent.get(url), me.agent.get(url), me.agent.get(url)]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    const said = answers.map((a) => message(a.text));
    assert.equal(said.filter((m) => /완료되었습니다/.test(m)).length, 1, said.join(' | '));
    assert.equal(said.filter((m) => /이미 기록되어/.test(m)).length, 2, said.join(' | '));
    assert.deepEqual(await marksOf(me.enrollment), ['present']);
    assert.equal(await AuditEvent.countDocuments({ action: 'attendance.check_in', targetId: me.enrollment._id }), 1);
  });

  it('takes a signed-out trainee through login and back, counting the time of the scan', async () => {
    at(minutes(5));
    const { course, sessionId } = await session({ grace: 10 });
    const url = await screenUrl(course, sessionId);
    const user = await make.trainee();
    const enrollment = await make.enrollment(course, user);
    const phone = request.agent(ctx.app);
    const toLogin = await phone.get(url).expect(303);
    assert.equal(toLogin.headers.location, '/login?returnTo=%2Fcheck-in%2Fresume');

    // Signing in takes a while: the code has expired and the grace period is over by now.
    at(minutes(12));
    const _csrf = await csrfToken(phone, toLogin.headers.location);
    const loggedIn = await phone
      .post('/login')
      .type('form')
      .send({ _csrf, email: user.email, password: defaultPassword, returnTo: '/check-in/resume' })
      .expect(303);
    assert.equal(loggedIn.headers.location, '/check-in/resume');
    const back = await phone.get('/check-in/resume').expect(200);
    assert.match(message(back.text), /: 출석/, 'present: the scan was within the grace period');
    assert.deepEqual(await marksOf(enrollment), ['present']);
    await phone.get('/check-in/resume').expect(410);

    // A scan left too long before signing in is not counted.
    const late = request.agent(ctx.app);
    await late.get(await screenUrl(course, sessionId)).expect(303);
    at(minutes(12) + minutes(16));
    const other = await make.trainee();
    const otherEnrollment = await make.enrollment(course, other);
    const token = await csrfToken(late, '/login');
    await late
      .post('/login')
      .type('form')
      .send({ _csrf: token, email: other.email, password: defaultPassword })
      .expect(303);
    assert.match(message((await late.get('/check-in/resume').expect(410)).text), /만료된 코드입니다/);
    assert.deepEqual(await marksOf(otherEnrollment), []);
  });
});
