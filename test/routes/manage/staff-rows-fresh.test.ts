import assert from 'node:assert/strict';
import { Course, bySessionStart } from '../../../models/course';
import { updateProfile } from '../../../server/services/accounts/profile';
import { loginAgent, postForm, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { gridCell } from '../../support/attendance-grid';
import { useClock, hours } from '../../support/clock';
import { actorOf, dayFromNow, make } from '../../support/factories';
import { formBody, formFields, html, texts } from '../../support/html';

/**
 * The roster's and the grid's rows are rendered once and reused while their sources stay the same
 * (routes/support/staff-rows.ts): each test loads both pages first, so that their rows are held,
 * then changes something and checks that both pages show the change at once.
 */
describe('roster and attendance grid rows: reused, never stale', () => {
  const ctx = useTestApp();
  const clock = useClock();
  let staff: SignedIn;
  let staffEmail: string;

  before(async () => {
    staffEmail = (await make.staff('postech')).email;
    staff = await loginAgent(ctx.app, staffEmail);
  });

  /** A course with two sessions held and one ahead, an enrolled trainee with one mark, and a pending applicant. */
  async function setUp() {
    const course = await make.course({
      status: 'closed',
      capacity: 10,
      days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(4)],
    });
    const kimUser = await make.trainee({ name: '김명단' });
    const kim = await make.enrollment(course, kimUser, 'enrolled');
    await make.marks(course, kim, ['present']);
    const lee = await make.enrollment(course, await make.trainee({ name: '이대기' }), 'pending');
    const sessions = [...course.sessions].sort(bySessionStart).map((s) => String(s._id));
    return { course, kimUser, kim: String(kim._id), lee: String(lee._id), sessions };
  }

  type SetUp = Awaited<ReturnType<typeof setUp>>;

  const rosterPath = (c: SetUp) => `/manage/courses/${c.course._id}/roster`;
  const gridPath = (c: SetUp) => `/manage/courses/${c.course._id}/attendance`;
  const roster = async (c: SetUp, query = '') =>
    html((await staff.agent.get(`${rosterPath(c)}${query}`).expect(200)).text);
  const grid = async (c: SetUp, query = '') => html((await staff.agent.get(`${gridPath(c)}${query}`).expect(200)).text);
  const rowOf = ($: ReturnType<typeof html>, enrollment: string) => $(`tr[data-enrollment="${enrollment}"]`);
  /** Both pages, twice: the second answer comes from the held rows. */
  const loadBoth = async (c: SetUp) => {
    for (let i = 0; i < 2; i++) await Promise.all([roster(c), grid(c)]);
  };

  it('(a) shows an attendance save at once', async () => {
    const c = await setUp();
    await loadBoth(c);
    const page = await grid(c);
    assert.equal(gridCell(page, c.kim, c.sessions[1]!).input.attr('value'), '');
    const before = rowOf(await roster(c), c.kim);
    assert.match(before.find('.risk-now').text(), /100%/);
    assert.equal(before.find('.unrecorded').length, 1, 'one past session without a mark');
    await staff.agent
      .post(gridPath(c))
      .type('form')
      .send(formBody(formFields(page, '.attendance-form'), { [gridCell(page, c.kim, c.sessions[1]!).name]: '결석' }))
      .expect(303);
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[1]!).input.attr('value'), '결석', 'the grid');
    const after = rowOf(await roster(c), c.kim);
    assert.match(after.find('.risk-now').text(), /50%/, "the roster's attendance");
    assert.equal(after.find('.unrecorded').length, 0);
  });

  it('(b) shows an approval and a rejection at once', async () => {
    const c = await setUp();
    const other = await make.enrollment(c.course, await make.trainee({ name: '박반려' }), 'pending');
    await loadBoth(c);
    assert.equal(rowOf(await grid(c), c.lee).length, 0, 'a pending applicant is not on the grid');
    await postForm(staff, `/manage/enrollments/${c.lee}/approve`).expect(303);
    await postForm(staff, `/manage/enrollments/${String(other._id)}/reject`, { confirm: 'yes' }).expect(303);
    const $ = await roster(c);
    assert.equal(rowOf($, c.lee).find('.status').text().trim(), '수강 확정');
    assert.equal(rowOf($, String(other._id)).find('.status').text().trim(), '반려');
    assert.equal($(`form#approve-${c.lee}`).length, 0, 'the approved row has no approve form any more');
    assert.equal(rowOf(await grid(c), c.lee).length, 1, 'the approved trainee is on the grid');
  });

  it("(c) shows a trainee's new name at once", async () => {
    const c = await setUp();
    await loadBoth(c);
    await updateProfile(await actorOf(c.kimUser), {
      name: '김새이름',
      locale: 'ko',
      trainee: { category: 'student', affiliation: '포항공대', pohangResident: true, consent: true, followUp: false },
    });
    assert.equal(
      rowOf(await roster(c), c.kim)
        .find('.name')
        .contents()
        .first()
        .text(),
      '김새이름',
    );
    assert.deepEqual(texts((await staff.agent.get(gridPath(c))).text, '.trainee-name'), ['김새이름']);
  });

  it('(d) shows a course edit at once: a session moved into the past is taken on the grid and counted on the roster', async () => {
    const c = await setUp();
    await loadBoth(c);
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[2]!).input.length, 0, 'a session ahead has no input');
    assert.match(
      rowOf(await roster(c), c.kim)
        .find('.unrecorded')
        .text(),
      /1/,
    );
    const stored = await Course.findById(c.course._id).lean();
    const sessions = stored!.sessions.map((s) =>
      String(s._id) === c.sessions[2] ? { ...s, date: dayFromNow(-1), topic: '옮긴 세션' } : s,
    );
    await Course.updateOne({ _id: c.course._id }, { $set: { sessions } });
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[2]!).input.length, 1, 'the moved session takes marks');
    assert.match(
      rowOf(await roster(c), c.kim)
        .find('.unrecorded')
        .text(),
      /2/,
      'two sessions without a mark',
    );
    // A rule that the rows show, with the sessions as they were: the grid gains a score column.
    assert.equal((await grid(c))(`#score-${c.kim}`).length, 0);
    await Course.updateOne({ _id: c.course._id }, { $set: { 'completionRule.assessmentRequired': true } });
    assert.equal((await grid(c))(`#score-${c.kim}`).length, 1, 'a score input');
  });

  it('(e) shows the same data in the other language', async () => {
    const c = await setUp();
    await loadBoth(c);
    assert.match(
      rowOf(await roster(c), c.lee)
        .find('.status')
        .text(),
      /승인 대기|대기/,
    );
    const en = await roster(c, '?lang=en');
    assert.doesNotMatch(rowOf(en, c.lee).find('.status').text(), /[가-힣]/);
    assert.match(rowOf(en, c.kim).find('.risk-now').text(), /^Now/);
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[0]!).input.attr('value'), 'Present');
    await staff.agent.get(`${rosterPath(c)}?lang=ko`).expect(200);
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[0]!).input.attr('value'), '출석', 'and back');
  });

  it('(f) ticks the rows of a refused bulk decision, and only on that answer', async () => {
    const c = await setUp();
    await loadBoth(c);
    const refused = html((await postForm(staff, `${rosterPath(c)}/decide`, { ids: [c.kim, c.lee] }).expect(422)).text);
    assert.deepEqual(
      refused('input[name=ids][checked]')
        .map((_i, el) => refused(el).attr('value'))
        .get()
        .sort(),
      [c.kim, c.lee].sort(),
    );
    assert.equal((await roster(c))('input[name=ids][checked]').length, 0, 'the next page ticks nothing');
  });

  it('(g) shows the posted input of a refused grid, and the saved marks afterwards', async () => {
    const c = await setUp();
    await loadBoth(c);
    const page = await grid(c);
    const cell = gridCell(page, c.kim, c.sessions[1]!).name;
    const refused = html(
      (
        await staff.agent
          .post(gridPath(c))
          .type('form')
          .send(formBody(formFields(page, '.attendance-form'), { [cell]: '공결' }))
          .expect(422)
      ).text,
    );
    assert.equal(gridCell(refused, c.kim, c.sessions[1]!).input.attr('value'), '공결', 'the typed mark is kept');
    assert.equal(gridCell(refused, c.kim, c.sessions[1]!).input.attr('aria-invalid'), 'true');
    const again = gridCell(await grid(c), c.kim, c.sessions[1]!).input;
    assert.equal(again.attr('value'), '', 'the next page shows what is recorded');
    assert.equal(again.attr('aria-invalid'), undefined);
  });

  it('shows a session starting as time passes', async () => {
    const c = await setUp();
    await loadBoth(c);
    assert.equal(gridCell(await grid(c), c.kim, c.sessions[2]!).input.length, 0);
    clock.advance(hours(24 * 5));
    // Signed in again: the first sign-in has been idle for five days.
    const later = await loginAgent(ctx.app, staffEmail);
    const $ = html((await later.agent.get(gridPath(c)).expect(200)).text);
    assert.equal(gridCell($, c.kim, c.sessions[2]!).input.length, 1, 'the session has started');
    const rosterRow = rowOf(html((await later.agent.get(rosterPath(c)).expect(200)).text), c.kim);
    assert.match(rosterRow.find('.unrecorded').text(), /2/);
  });

  it('gives each page its own CSRF token in the rows it reuses', async () => {
    const c = await setUp();
    await roster(c);
    const other = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const $ = html((await other.agent.get(rosterPath(c)).expect(200)).text);
    assert.equal($(`form#approve-${c.lee} input[name=_csrf]`).val(), other.csrf);
    await other.agent
      .post(`/manage/enrollments/${c.lee}/approve`)
      .type('form')
      .send(formBody(formFields($, `form#approve-${c.lee}`)))
      .expect(303);
  });
});
