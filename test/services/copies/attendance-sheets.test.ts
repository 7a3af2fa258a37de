import assert from 'node:assert/strict';
import type { Types } from 'mongoose';
import type { AttendanceStatus } from '../../../models/attendance';
import { seoulInstant } from '../../../server/lib/calendar';
import { checkIn } from '../../../server/services/attendance/check-in';
import { attendanceInput, saveAttendance, type AttendanceInput } from '../../../server/services/attendance/grid';
import { tapRollCall, type RollCallStatus } from '../../../server/services/attendance/roll-call';
import { marksOf, sheetMarks } from '../../../server/services/copies/attendance-sheets';
import { getRoster } from '../../../server/services/courses/roster';
import { buildTraineeDashboard } from '../../../server/services/trainee/trainee-dashboard';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, make } from '../../support/factories';

/** One submit of the grid that changes the given cells (`shown` as the page showed them). */
function gridInput(
  cells: Record<string, Record<string, AttendanceStatus>>,
  shown: Record<string, Record<string, AttendanceStatus | ''>> = {},
): AttendanceInput {
  return attendanceInput({ cells, shown });
}

const plain = (marks: Map<string, Map<string, { status: string; remark: string }>>, id: string) =>
  Object.fromEntries([...(marks.get(id)?.entries() ?? [])].map(([s, m]) => [s, `${m.status}/${m.remark}`]));

describe('attendance sheets: the roster and /me read marks that stay true to every write', () => {
  useTestApp();

  /** Three sessions held, one in two days (checked in at its start): the rule asks for 80%. */
  async function course() {
    const c = await make.course({
      status: 'closed',
      days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(-1), dayFromNow(2)],
      hours: { start: '10:00', end: '12:00' },
    });
    const sessions = c.sessions.map((s) => String(s._id));
    const staff = await actorOf(await make.staff('postech'));
    return { course: c, id: String(c._id), sessions, staff };
  }

  async function trainee(c: Awaited<ReturnType<typeof course>>, name: string) {
    const user = await make.trainee({ name });
    const enrollment = await make.enrollment(c.course, user);
    return { user, actor: await actorOf(user), enrollment, id: String(enrollment._id) };
  }

  /** When the trainee scans the last session's code: three minutes after its start. */
  const scanAt = () => seoulInstant(dayFromNow(2), '10:03');

  it('shows a mark saved on the grid, tapped in the roll call or checked in by QR in the rate and risk', async () => {
    const c = await course();
    const kim = await trainee(c, '김출석');
    const [s0, s1, s2, s3] = c.sessions as [string, string, string, string];
    const rosterRisk = async () => (await getRoster(c.staff, c.id)).rows.find((r) => r.enrollmentId === kim.id)?.risk;
    const ownRisk = async () => (await buildTraineeDashboard(kim.actor)).groups[0]?.items[0]?.risk;

    await saveAttendance(c.staff, c.id, gridInput({ [kim.id]: { [s0]: 'absent' } }));
    let risk = await rosterRisk();
    assert.deepEqual([risk?.rateNow, risk?.belowMinimum, risk?.cannotReach], [0, true, true], 'the grid');
    assert.equal((await ownRisk())?.rateNow, 0, 'and on /me');

    await tapRollCall(c.staff, c.id, s0, { enrollmentId: kim.id, status: 'present', shown: 'absent' });
    await tapRollCall(c.staff, c.id, s1, { enrollmentId: kim.id, status: 'late', shown: '' });
    risk = await rosterRisk();
    assert.deepEqual([risk?.rateNow, risk?.recordedSessions, risk?.cannotReach], [1, 2, false], 'the roll call');

    await saveAttendance(c.staff, c.id, gridInput({ [kim.id]: { [s2]: 'absent' } }));
    const scan = await checkIn(kim.actor, c.id, s3, scanAt());
    assert.equal(scan.ok && scan.outcome, 'recorded');
    risk = await rosterRisk();
    assert.deepEqual([risk?.recordedSessions, risk?.rateNow], [4, 0.75], 'the QR check-in');
    assert.equal(risk?.belowMinimum, true);
    assert.deepEqual(
      [(await ownRisk())?.recordedSessions, (await ownRisk())?.rateNow],
      [4, 0.75],
      "the trainee's own page agrees",
    );

    // Clearing a cell takes it off the sheet too.
    await saveAttendance(
      c.staff,
      c.id,
      gridInput({ [kim.id]: { [s2]: '' as AttendanceStatus } }, { [kim.id]: { [s2]: 'absent' } }),
    );
    risk = await rosterRisk();
    assert.deepEqual([risk?.recordedSessions, risk?.rateNow], [3, 1]);
  });

  it('never drifts from the marks when staff save, tap and a trainee scans at the same moment', async () => {
    const c = await course();
    const [kim, lee] = [await trainee(c, '김동시'), await trainee(c, '이동시')];
    const [s0, s1, s2, s3] = c.sessions as [string, string, string, string];
    const other = await actorOf(await make.staff('postech'));
    const rounds: [RollCallStatus, RollCallStatus][] = [
      ['present', 'absent'],
      ['late', 'present'],
      ['absent', 'late'],
    ];
    for (const [a, b] of rounds) {
      await Promise.all([
        saveAttendance(c.staff, c.id, gridInput({ [kim.id]: { [s0]: a }, [lee.id]: { [s1]: b } })),
        saveAttendance(other, c.id, gridInput({ [kim.id]: { [s1]: b }, [lee.id]: { [s0]: a } })),
        tapRollCall(c.staff, c.id, s2, { enrollmentId: kim.id, status: a, shown: '' }),
        tapRollCall(other, c.id, s2, { enrollmentId: lee.id, status: b, shown: '' }),
        checkIn(kim.actor, c.id, s3, scanAt()),
        checkIn(lee.actor, c.id, s3, scanAt()),
      ]);
      const courseId = c.course._id as Types.ObjectId;
      const sheets = await sheetMarks({ course: courseId });
      for (const t of [kim, lee]) {
        const marks = await marksOf({ enrollment: t.enrollment._id });
        assert.deepEqual(plain(sheets, t.id), plain(marks, t.id));
        assert.equal(marks.get(t.id)?.size, 4);
      }
    }
  });
});
