import assert from 'node:assert/strict';
import { Attendance } from '../../../models/attendance';
import { AuditEvent } from '../../../models/audit-event';
import { seoulTime } from '../../../models/course';
import {
  arrivalStatus,
  checkIn,
  checkInCodes,
  checkInWindow,
  checkScannedCode,
  readScanPass,
  scanPassValue,
} from '../../../server/services/attendance/check-in';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, make } from '../../support/factories';

const minute = 60_000;

describe('self check-in', () => {
  useTestApp();

  it('opens half an hour before a session and closes at its end; late after the grace period', () => {
    const window = checkInWindow({ date: '2026-12-07', start: '09:00', end: '12:00' });
    assert.equal(window.startsAt.toISOString(), '2026-12-07T00:00:00.000Z');
    assert.equal(window.opensAt.toISOString(), '2026-12-06T23:30:00.000Z');
    assert.equal(window.closesAt.toISOString(), '2026-12-07T03:00:00.000Z');
    assert.equal(arrivalStatus(window.startsAt, 10, new Date(window.startsAt.getTime() + 10 * minute)), 'present');
    assert.equal(arrivalStatus(window.startsAt, 10, new Date(window.startsAt.getTime() + 11 * minute)), 'late');
  });

  it('records an enrolled trainee once, present or late, and refuses outside the window or the roster', async () => {
    const course = await make.course({ days: [dayFromNow(3)] });
    const session = course.sessions[0]!;
    const startsAt = seoulTime(session.date, session.start).getTime();
    const [early, late, outsider] = [await make.trainee(), await make.trainee(), await make.trainee()];
    const earlyEnrollment = await make.enrollment(course, early, 'enrolled');
    await make.enrollment(course, late, 'enrolled');
    const [id, sessionId] = [String(course._id), String(session._id)];

    const first = await checkIn(await actorOf(early), id, sessionId, new Date(startsAt - 5 * minute));
    assert.ok(first.ok && first.outcome === 'recorded' && first.status === 'present');
    const again = await checkIn(await actorOf(early), id, sessionId, new Date(startsAt + 60 * minute));
    assert.ok(again.ok && again.outcome === 'already' && again.status === 'present');
    assert.equal(await Attendance.countDocuments({ enrollment: earlyEnrollment._id }), 1);
    assert.equal(await AuditEvent.countDocuments({ action: 'attendance.check_in', targetId: earlyEnrollment._id }), 1);

    const tardy = await checkIn(await actorOf(late), id, sessionId, new Date(startsAt + 30 * minute));
    assert.ok(tardy.ok && tardy.status === 'late');

    const refusal = async (actor: typeof early, at: number) => {
      const r = await checkIn(await actorOf(actor), id, sessionId, new Date(at));
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(await refusal(outsider, startsAt), 'notEnrolled');
    const another = await make.trainee();
    await make.enrollment(course, another, 'enrolled');
    assert.equal(await refusal(another, startsAt - 31 * minute), 'notYet');
    assert.equal(await refusal(another, startsAt + 4 * 60 * minute), 'over');
  });

  it("accepts the screen's code for its session within its period and the next, and a fresh scan pass only", () => {
    const codes = checkInCodes('a-session-secret-that-is-long-enough');
    const [course, session] = ['a'.repeat(24), 'b'.repeat(24)];
    const now = Date.now();
    const code = codes.codeFor(`${course}.${session}`, now);
    assert.equal(checkScannedCode(codes, course, session, code, now + 20_000), 'valid');
    assert.notEqual(checkScannedCode(codes, course, 'c'.repeat(24), code, now), 'valid');
    assert.notEqual(checkScannedCode(codes, course, session, code, now + 120_000), 'valid');
    assert.equal(checkScannedCode(codes, 'not-an-id', session, code, now), 'invalid');

    const value = scanPassValue({ courseId: course, sessionId: session, scannedAt: now });
    assert.deepEqual(readScanPass(value, now + minute), { courseId: course, sessionId: session, scannedAt: now });
    assert.equal(readScanPass(value, now + 16 * minute), undefined);
    assert.equal(readScanPass(`${value}x`, now), undefined);
  });
});
