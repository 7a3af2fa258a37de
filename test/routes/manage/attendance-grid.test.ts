import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { bySessionStart } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { toActor } from '../../../server/services/accounts/auth';
import { attendanceInput, saveAttendance } from '../../../server/services/attendance/grid';
import { FormError } from '../../../server/errors';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { gridCell } from '../../support/attendance-grid';
import { formBody, formFields, html } from '../../support/html';

type Course = Awaited<ReturnType<typeof make.course>>;

const sessionIds = (course: Course) => [...course.sessions].sort(bySessionStart).map((s) => String(s._id));
const marksOf = async (enrollment: unknown) =>
  Object.fromEntries((await Attendance.find({ enrollment }).lean()).map((a) => [String(a.session), a.status]));

describe('attendance grid: input kept, nothing erased, future sessions read-only', () => {
  const ctx = useTestApp();
  let staffUser: Awaited<ReturnType<typeof make.staff>>;
  let staff: SignedIn;

  before(async () => {
    staffUser = await make.staff('postech');
    staff = await loginAgent(ctx.app, staffUser.email);
  });

  async function grid(course: Course) {
    const page = await staff.agent.get(`/manage/courses/${course._id}/attendance`).expect(200);
    return html(page.text);
  }

  const post = (course: Course, body: string) =>
    staff.agent.post(`/manage/courses/${course._id}/attendance`).type('form').send(body);

  it("keeps a column's bulk choice and every cell when a cell is refused, and the next save records them", async () => {
    const course = await make.course({
      status: 'closed',
      days: [dayFromNow(-10), dayFromNow(-9), dayFromNow(-8), dayFromNow(-7)],
    });
    const s = sessionIds(course);
    const kim = await make.enrollment(course, await make.trainee({ name: '김출석' }));
    const lee = await make.enrollment(course, await make.trainee({ name: '이공결' }));
    await make.marks(course, kim, ['present', 'present', 'present']);
    const [k, l] = [String(kim._id), String(lee._id)];

    // Column 4 set to present in bulk, and Lee excused on day 2 without a reason.
    const page = await grid(course);
    const loaded = formFields(page, '.attendance-form');
    const refused = await post(
      course,
      formBody(loaded, { [`allSession[${s[3]}]`]: 'present', [gridCell(page, l, s[1]!).name]: '공결' }),
    ).expect(422);
    const $ = html(refused.text);
    assert.equal(
      $(`select[name="allSession[${s[3]}]"] option[selected]`).attr('value'),
      'present',
      'the bulk choice is kept',
    );
    const refusedCell = gridCell($, l, s[1]!);
    assert.equal(refusedCell.input.attr('value'), '공결', 'the typed mark is kept');
    assert.equal(gridCell($, k, s[0]!).input.attr('value'), '출석');
    const bad = refusedCell.input;
    assert.equal(bad.attr('aria-invalid'), 'true');
    const errorId = bad.attr('aria-describedby');
    assert.ok(errorId, 'the cell names its error');
    assert.match($(`#${errorId}`).text(), /공결은 사유/);
    assert.equal(
      $(`#${errorId}`).closest('td').find(`input[name="${refusedCell.name}"]`).length,
      1,
      'the error sits in the refused cell',
    );
    assert.match(
      $('.grid-errors').text(),
      /이공결 · (\d{4}년 )?\d{1,2}월 \d{1,2}일 \([월화수목금토일]\): 공결은 사유/,
      'the summary names the refused cell and the session by its day and weekday',
    );
    assert.equal($('.grid-errors a').attr('href'), `#${bad.attr('id')}`, 'and links to it');
    assert.deepEqual(
      await marksOf(kim._id),
      { [s[0]!]: 'present', [s[1]!]: 'present', [s[2]!]: 'present' },
      'nothing written',
    );
    assert.deepEqual(await marksOf(lee._id), {});

    // Saving the re-rendered page again unchanged is refused the same way and still erases nothing.
    const again = formFields($, '.attendance-form');
    await post(course, formBody(again)).expect(422);
    assert.equal(await Attendance.countDocuments({ course: course._id }), 3);

    // With the reason given, one save records the whole column and the exception.
    await post(course, formBody(again, { [refusedCell.name]: '공결 병원 진료' })).expect(303);
    assert.deepEqual(await marksOf(kim._id), {
      [s[0]!]: 'present',
      [s[1]!]: 'present',
      [s[2]!]: 'present',
      [s[3]!]: 'present',
    });
    assert.deepEqual(await marksOf(lee._id), { [s[1]!]: 'excused', [s[3]!]: 'present' });
    assert.equal((await Attendance.findOne({ enrollment: lee._id, session: s[1] }).lean())?.remark, '병원 진료');
    const after = await grid(course);
    assert.equal(gridCell(after, l, s[1]!).input.attr('value'), '공결 병원 진료', 'the cell shows its mark and remark');
    assert.match(after(`tr[data-enrollment="${k}"] .attendance-risk`).text(), /100%/);
  });

  it('never erases a mark the user did not change: stale pages, missing cells and explicit clears', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-5), dayFromNow(-4), dayFromNow(-3)] });
    const s = sessionIds(course);
    const park = await make.enrollment(course, await make.trainee({ name: '박출결' }));
    const p = String(park._id);
    await make.marks(course, park, ['present']);
    const stalePage = await grid(course);
    const stale = formFields(stalePage, '.attendance-form');

    // Meanwhile a colleague records day 2; the stale page, saved with a change on day 3 only, keeps it.
    await Attendance.create({ enrollment: park._id, course: course._id, session: s[1], status: 'late' });
    await post(course, formBody(stale, { [gridCell(stalePage, p, s[2]!).name]: 'absent' })).expect(303);
    assert.deepEqual(await marksOf(park._id), { [s[0]!]: 'present', [s[1]!]: 'late', [s[2]!]: 'absent' });

    // A post without the cells (an old form, a script) changes nothing.
    await post(course, `_csrf=${encodeURIComponent(staff.csrf)}`).expect(303);
    assert.equal(await Attendance.countDocuments({ enrollment: park._id }), 3);

    // Clearing a cell the page showed as marked is the user's own change, and is saved.
    const freshPage = await grid(course);
    await post(
      course,
      formBody(formFields(freshPage, '.attendance-form'), { [gridCell(freshPage, p, s[0]!).name]: '' }),
    ).expect(303);
    assert.deepEqual(await marksOf(park._id), { [s[1]!]: 'late', [s[2]!]: 'absent' });
  });

  it('treats assessment scores the same way: a wrong one is refused in its cell, an untouched one is never cleared', async () => {
    const course = await make.course({
      status: 'closed',
      days: [dayFromNow(-3)],
      completionRule: { assessmentRequired: true, passScore: 60 },
    });
    const han = await make.enrollment(course, await make.trainee({ name: '한평가' }));
    const h = String(han._id);
    const stale = formFields(await grid(course), '.attendance-form');
    const refused = await post(course, formBody(stale, { [`score[${h}]`]: '150' })).expect(422);
    const $ = html(refused.text);
    assert.equal($(`#score-${h}`).attr('value'), '150');
    assert.match($(`#score-${h}`).closest('td').find('.error').text(), /0에서 100 사이/);

    await Enrollment.updateOne({ _id: han._id }, { $set: { assessmentScore: 80 } });
    await post(course, formBody(stale)).expect(303);
    assert.equal(
      (await Enrollment.findById(han._id).lean())?.assessmentScore,
      80,
      "a colleague's score survives a stale page",
    );
    await post(course, formBody(formFields(await grid(course), '.attendance-form'), { [`score[${h}]`]: '' })).expect(
      303,
    );
    assert.equal(
      (await Enrollment.findById(han._id).lean())?.assessmentScore,
      undefined,
      'clearing it on purpose works',
    );
  });

  it('shows sessions that have not started read-only, and refuses marks for them', async () => {
    const course = await make.course({
      status: 'published',
      days: [dayFromNow(-2), dayFromNow(-1), dayFromNow(3), dayFromNow(4)],
    });
    const s = sessionIds(course);
    const choi = await make.enrollment(course, await make.trainee({ name: '최미래' }));
    const c = String(choi._id);
    // A mark left on a session that was later moved into the future stays as it is.
    await Attendance.create({ enrollment: choi._id, course: course._id, session: s[3], status: 'present' });

    const $ = await grid(course);
    assert.equal(gridCell($, c, s[2]!).input.length, 0, 'a coming session has no field');
    assert.equal(gridCell($, c, s[1]!).input.length, 1);
    assert.equal($(`select[name="allSession[${s[2]}]"]`).length, 0, 'no bulk choice for a coming session');
    assert.match($('.session-head.upcoming').first().text(), /예정/);

    const refused = await post(
      course,
      formBody(formFields($, '.attendance-form'), { [gridCell($, c, s[2]!).name]: 'present' }),
    ).expect(422);
    const $refused = html(refused.text);
    assert.match(gridCell($refused, c, s[2]!).cell.find('.error').text(), /아직 시작하지 않은 회차/);
    await post(course, formBody(formFields($, '.attendance-form'), { [`allSession[${s[2]}]`]: 'present' })).expect(422);
    assert.deepEqual(await marksOf(choi._id), { [s[3]!]: 'present' }, 'nothing written');

    // A whole-row choice covers the sessions held so far.
    await post(course, formBody(formFields($, '.attendance-form'), { [`allTrainee[${c}]`]: 'late' })).expect(303);
    assert.deepEqual(await marksOf(choi._id), { [s[0]!]: 'late', [s[1]!]: 'late', [s[3]!]: 'present' });

    // The rule holds in the service, whatever the page sent.
    await assert.rejects(
      saveAttendance(
        toActor(staffUser),
        String(course._id),
        attendanceInput({ cells: { [c]: { [s[2]!]: 'absent' } } }),
      ),
      (err: unknown) => err instanceof FormError && err.errors[`cell.${c}.${s[2]}`] === 'attendance.errors.notHeldYet',
    );
  });

  it('keeps a grid of 60 trainees × 12 sessions under 150 KB, every cell a named field', async () => {
    const course = await make.course({
      status: 'closed',
      capacity: 60,
      days: Array.from({ length: 12 }, (_v, i) => dayFromNow(i - 12)),
      completionRule: { assessmentRequired: true, passScore: 60 },
    });
    const trainees = await Promise.all(Array.from({ length: 60 }, (_v, i) => make.trainee({ name: `교육생${i}` })));
    const enrollments = [];
    for (const t of trainees) enrollments.push(await make.enrollment(course, t));
    await Promise.all(
      enrollments.map((e) => make.marks(course, e, ['present', 'late', 'present', 'absent', 'present', 'left_early'])),
    );
    const page = await staff.agent.get(`/manage/courses/${course._id}/attendance`).expect(200);
    const $ = html(page.text);
    assert.equal($('.attendance-grid input[name^="c["]').length, 720);
    assert.equal($('#marks option').length, 5, 'one list of marks for the whole page');
    const first = gridCell($, String(enrollments[0]!._id), sessionIds(course)[1]!);
    assert.equal(first.input.attr('value'), '지각');
    assert.ok(
      Buffer.byteLength(page.text) < 150_000,
      `the page is ${Math.round(Buffer.byteLength(page.text) / 1024)} KB`,
    );
  });

  it('says so in English too', async () => {
    const course = await make.course({ status: 'published', days: [dayFromNow(-1), dayFromNow(2)] });
    await make.enrollment(course, await make.trainee());
    const page = await staff.agent.get(`/manage/courses/${course._id}/attendance?lang=en`).expect(200);
    assert.match(html(page.text)('.session-head.upcoming').text(), /Not held yet/);
  });
});
