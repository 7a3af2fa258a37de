import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { Course } from '../../../models/course';
import { getRollCall, tapRollCall } from '../../../server/services/attendance/roll-call';
import { NotFoundError } from '../../../server/errors';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, make } from '../../support/factories';

describe('the roll call', () => {
  useTestApp();

  async function started() {
    const course = await make.course({ university: 'postech', days: [dayFromNow(-2), dayFromNow(-1), dayFromNow(5)] });
    const [a, b] = [await make.trainee({ name: '나학생' }), await make.trainee({ name: '가학생' })];
    const ea = await make.enrollment(course, a, 'enrolled');
    const eb = await make.enrollment(course, b, 'enrolled');
    const staff = await actorOf(await make.staff('postech'));
    return { course, ea, eb, staff };
  }

  it('calls the last session that started, with every trainee by name and their mark', async () => {
    const { course, ea, staff } = await started();
    await make.marks(course, ea, ['present', 'late']);
    const call = await getRollCall(staff, String(course._id), undefined);
    assert.equal(call.session.id, String(course.sessions[1]!._id));
    assert.equal(call.previous?.id, String(course.sessions[0]!._id));
    assert.equal(call.editable, true);
    assert.deepEqual(
      call.rows.map((r) => [r.name, r.status]),
      [
        ['가학생', ''],
        ['나학생', 'late'],
      ],
    );
    assert.equal(call.unmarked, 1);
  });

  it('saves a tap, and leaves the mark alone when the tap is what the page showed', async () => {
    const { course, eb, staff } = await started();
    const sessionId = String(course.sessions[0]!._id);
    const tap = { enrollmentId: String(eb._id), status: 'absent' as const, shown: '' as const };
    assert.deepEqual(await tapRollCall(staff, String(course._id), sessionId, tap), { changed: 1 });
    assert.equal((await Attendance.findOne({ enrollment: eb._id, session: sessionId }).lean())?.status, 'absent');
    assert.deepEqual(await tapRollCall(staff, String(course._id), sessionId, { ...tap, shown: 'absent' }), {
      changed: 0,
    });
  });

  it('refuses a session not yet held, a completed course and another university', async () => {
    const { course, eb, staff } = await started();
    const future = String(course.sessions[2]!._id);
    const tap = { enrollmentId: String(eb._id), status: 'present' as const, shown: '' as const };
    await assert.rejects(tapRollCall(staff, String(course._id), future, tap), {
      errors: { [`cell.${String(eb._id)}.${future}`]: 'attendance.errors.notHeldYet' },
    });
    const other = await actorOf(await make.staff('korea'));
    await assert.rejects(getRollCall(other, String(course._id), undefined), NotFoundError);
    await Course.updateOne({ _id: course._id }, { status: 'completed' });
    await assert.rejects(tapRollCall(staff, String(course._id), String(course.sessions[0]!._id), tap), {
      errors: { _form: 'attendance.errors.completed' },
    });
    assert.equal(await Attendance.countDocuments({ enrollment: eb._id }), 0);
  });
});
