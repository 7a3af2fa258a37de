import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { Attendance } from '../../../models/attendance';
import { AuditEvent } from '../../../models/audit-event';
import { bySessionStart } from '../../../models/course';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { shownDate } from '../../support/dates';
import { html } from '../../support/html';

type Course = Awaited<ReturnType<typeof make.course>>;

const sessionIds = (course: Course) => [...course.sessions].sort(bySessionStart).map((s) => String(s._id));

describe('roll call: one session on a phone, one tap per trainee', () => {
  const ctx = useTestApp();
  let staff: SignedIn;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
  });

  const path = (course: Course, session: string) => `/manage/courses/${course._id}/sessions/${session}/roll-call`;
  const page = async (course: Course, session: string, lang = 'ko') =>
    html((await staff.agent.get(`${path(course, session)}?lang=${lang}`).expect(200)).text);
  const row = ($: ReturnType<typeof html>, enrollment: { _id: unknown }) => $(`#e-${String(enrollment._id)}`);
  /** The fields the row's form posts when one of its buttons is tapped. */
  const tap = ($: ReturnType<typeof html>, enrollment: { _id: unknown }, status: string) => {
    const form = row($, enrollment).find('form');
    return {
      _csrf: String(form.find('input[name=_csrf]').val()),
      enrollment: String(form.find('input[name=enrollment]').val()),
      ...(form.find('input[name=was]').length ? { was: String(form.find('input[name=was]').val()) } : {}),
      status,
    };
  };
  const post = (course: Course, session: string, body: Record<string, string>) =>
    staff.agent.post(path(course, session)).type('form').send(body);
  const markOf = async (enrollment: { _id: unknown }, session: string) =>
    (await Attendance.findOne({ enrollment: enrollment._id, session }).lean())?.status;

  it('lists the enrolled trainees with their mark, and a tap records it, audited, back at the row', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-2), dayFromNow(-1), dayFromNow(3)] });
    const [s1, s2] = sessionIds(course) as [string, string];
    const kim = await make.enrollment(course, await make.trainee({ name: '김민지' }));
    const lee = await make.enrollment(course, await make.trainee({ name: '이서준' }));
    await make.enrollment(course, await make.trainee({ name: '박대기' }), 'waitlisted');
    await make.marks(course, lee, ['present', 'late']);

    const $ = await page(course, s2);
    assert.deepEqual(
      $('.roll-call-name')
        .map((_i, el) => $(el).text())
        .get(),
      ['김민지', '이서준'],
      'enrolled trainees only, by name',
    );
    assert.equal(row($, kim).find('.roll-call-status').text().trim(), '기록 없음');
    assert.equal(row($, lee).find('.roll-call-status').text().trim(), '지각');
    assert.deepEqual(
      row($, lee)
        .find('button.tap')
        .map((_i, el) => `${$(el).text()}:${$(el).attr('aria-pressed')}`)
        .get(),
      ['출석:false', '지각:true', '결석:false'],
    );
    assert.match($('.roll-call-summary').text(), /기록 없는 교육생 1명/);
    assert.equal($('.session-pager a[rel=prev]').attr('href'), path(course, s1));

    const saved = await post(course, s2, tap($, kim, 'present')).expect(303);
    assert.equal(saved.headers.location, `${path(course, s2)}#e-${String(kim._id)}`);
    assert.equal(await markOf(kim, s2), 'present');
    const after = html((await staff.agent.get(saved.headers.location).expect(200)).text);
    assert.match(after('.flash').text(), /기록했습니다/);
    assert.equal(row(after, kim).find('button.tap-present').attr('aria-pressed'), 'true');
    const audit = await AuditEvent.findOne({ action: 'attendance.record', targetId: course._id }).lean();
    assert.deepEqual(audit?.meta?.changes, [{ enrollment: String(kim._id), session: s2, from: null, to: 'present' }]);

    const en = await page(course, s2, 'en');
    assert.equal(en('h1').text(), 'Roll call');
    assert.deepEqual(
      row(en, kim)
        .find('button.tap')
        .map((_i, el) => en(el).text())
        .get(),
      ['Present', 'Late', 'Absent'],
    );
  });

  it('refuses a session that has not started, with the message on the row, and writes nothing', async () => {
    const course = await make.course({ days: [dayFromNow(-1), dayFromNow(2)] });
    const future = sessionIds(course)[1]!;
    const kim = await make.enrollment(course, await make.trainee({ name: '김미래' }));
    const $ = await page(course, future);
    assert.equal(row($, kim).find('button.tap:disabled').length, 3, 'the taps are disabled');
    assert.match($('main .notice').text(), /아직 시작하지 않은 회차/);

    const refused = html((await post(course, future, tap($, kim, 'present')).expect(422)).text);
    assert.match(row(refused, kim).find('.error').text(), /아직 시작하지 않은 회차에는 출결을 기록할 수 없습니다/);
    assert.equal(await markOf(kim, future), undefined);
  });

  it('keeps a mark a colleague set after the page was loaded when the tap repeats what the page showed', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-1)] });
    const [s] = sessionIds(course) as [string];
    const kim = await make.enrollment(course, await make.trainee({ name: '김동시' }));
    await make.marks(course, kim, ['absent']);
    const stale = await page(course, s);
    // A colleague corrects it on the grid meanwhile.
    await Attendance.updateOne({ enrollment: kim._id }, { $set: { status: 'late' } });

    const again = await post(course, s, tap(stale, kim, 'absent')).expect(303);
    assert.equal(await markOf(kim, s), 'late', "the colleague's mark stands");
    assert.match(html((await staff.agent.get(again.headers.location!)).text)('.flash').text(), /바뀐 것이 없습니다/);
    await post(course, s, tap(stale, kim, 'present')).expect(303);
    assert.equal(await markOf(kim, s), 'present', 'a different tap is a change of its own');
  });

  it('refuses bad taps with a 422, and an unknown session or course with a 404', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-1)] });
    const [s] = sessionIds(course) as [string];
    const kim = await make.enrollment(course, await make.trainee());
    const $ = await page(course, s);
    for (const bad of [
      { status: 'excused' },
      { status: 'present', enrollment: 'x' },
      { status: 'present', was: 'maybe' },
      { status: ['present', 'late'] as unknown as string },
    ])
      await post(course, s, { ...tap($, kim, 'present'), ...bad }).expect(422);
    assert.equal(await markOf(kim, s), undefined);
    await staff.agent.get(path(course, new mongoose.Types.ObjectId().toHexString())).expect(404);
    await staff.agent
      .get(`/manage/courses/${new mongoose.Types.ObjectId().toHexString()}/sessions/${s}/roll-call`)
      .expect(404);
    await post(course, 'nope', tap($, kim, 'present')).expect(404);
  });

  it("opens today's session from the course's roll-call link", async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-3), dayFromNow(-1), dayFromNow(4)] });
    const $ = html((await staff.agent.get(`/manage/courses/${course._id}/roll-call?lang=ko`).expect(200)).text);
    assert.equal(
      $('.roll-call-session .session-when').text(),
      `${shownDate(dayFromNow(-1))} 09:00–12:00`,
      'the last one started',
    );
    assert.equal($('.session-pager a[rel=prev]').text(), `← ${shownDate(dayFromNow(-3))}`);
    assert.equal($('.session-pager a[rel=next]').text(), `${shownDate(dayFromNow(4))} →`);
    const attendance = html((await staff.agent.get(`/manage/courses/${course._id}/attendance`).expect(200)).text);
    assert.equal(attendance('.course-actions a[href$="/roll-call"]').text(), '출석 부르기');
    const empty = await make.course({ status: 'draft', days: [] });
    await staff.agent.get(`/manage/courses/${empty._id}/roll-call`).expect(404);
    const draft = html((await staff.agent.get(`/manage/courses/${empty._id}/attendance`).expect(200)).text);
    assert.equal(draft('.course-actions a[href$="/roll-call"]').length, 0, 'no roll call without sessions');
  });

  it('reads the course by _id, its enrollments and this session’s marks by indexed equality', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-1)] });
    const [s] = sessionIds(course) as [string];
    for (let i = 0; i < 5; i++) await make.enrollment(course, await make.trainee());
    const queries: { collection: string; method: string; filter: Record<string, unknown> }[] = [];
    mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
      queries.push({ collection, method, filter: (filter ?? {}) as Record<string, unknown> });
    });
    try {
      await staff.agent.get(path(course, s)).expect(200);
    } finally {
      mongoose.set('debug', false);
    }
    const reads = queries.filter((q) => ['find', 'findOne'].includes(q.method));
    assert.ok(reads.length > 0);
    // Every cache's version comes in one read of the whole (tiny) collection, shared by the page's caches.
    for (const q of reads.filter((r) => r.collection !== 'cacheversions'))
      assert.ok(
        // `user`: the header's unread count of the staff member's notices.
        ['_id', 'course', 'enrollment', 'user'].some((f) => f in q.filter && !(q.filter[f] as { $in?: unknown })?.$in),
        `${q.collection}.${q.method}(${JSON.stringify(q.filter)}) has no top-level equality on an indexed field`,
      );
    const byCollection = (name: string) => reads.filter((q) => q.collection === name);
    assert.deepEqual(Object.keys(byCollection('courses')[0]?.filter ?? {}), ['_id']);
    assert.deepEqual(Object.keys(byCollection('attendances')[0]?.filter ?? {}).sort(), ['course', 'session']);
  });
});
