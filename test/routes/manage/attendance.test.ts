import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { gridCell, gridFields } from '../../support/attendance-grid';
import { html } from '../../support/html';

describe('attendance grid (page)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'enrolled');

  it('records attendance in one submit, with bulk choices and a reason required for excused', async () => {
    const page = await c.staff.agent.get(`/manage/courses/${c.course._id}/attendance`).expect(200);
    const $ = html(page.text);
    assert.equal($('.attendance-grid tbody tr').length, 3);
    assert.match($('.counting-rule').text(), /지각·조퇴 3회는 결석 1회/);
    const [e0, e1, e2] = c.enrollments.map((e) => String(e._id));
    const s = c.sessions.map((x) => String(x._id));
    const bad = await c.staff.agent
      .post(`/manage/courses/${c.course._id}/attendance`)
      .type('form')
      .send(
        new URLSearchParams([
          ['_csrf', c.staff.csrf],
          ...gridFields([
            { enrollment: e2!, session: s[0]!, mark: 'excused', remark: '' },
            { enrollment: e1!, session: s[1]!, mark: 'late' },
          ]),
        ]).toString(),
      )
      .expect(422);
    const $bad = html(bad.text);
    assert.match($bad('.attendance-grid .error').text(), /공결은 사유/);
    assert.equal(gridCell($bad, e1!, s[1]!).input.val(), '지각', 'the user input is kept');
    assert.equal(await Attendance.countDocuments({}), 0, 'nothing written');

    // All present by session, 이비동의 absent by trainee, and 김동의's first day excused with a reason.
    await c.markAttendance();
    assert.equal(await Attendance.countDocuments({ enrollment: e0, status: 'present' }), 5);
    assert.equal(await Attendance.countDocuments({ enrollment: e2, status: 'absent' }), 5);
    // The cell changed in the same submit is an exception to the session's bulk choice.
    assert.equal((await Attendance.findOne({ enrollment: e1, session: s[0] }).lean())?.status, 'excused');
    assert.equal(await Attendance.countDocuments({ enrollment: e1, status: 'present' }), 4);
    const grid = await c.staff.agent.get(`/manage/courses/${c.course._id}/attendance`).expect(200);
    assert.match(html(grid.text)(`tr[data-enrollment="${e2}"] .risk-flag`).text(), /도달 불가/);
  });
});
