import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { AuditEvent } from '../../../models/audit-event';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { FormError, NotFoundError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import {
  approveEnrollment,
  rejectEnrollment,
  withdrawEnrollment,
} from '../../../server/services/applications/application-decide';
import { useTestApp } from '../../support/app';
import { hour, refusal, traineeActor } from '../../support/applications';
import { dayFromNow, make } from '../../support/factories';

describe('deciding on and withdrawing applications', () => {
  useTestApp();

  it('approves a pending application and tells the trainee', async () => {
    const course = await make.course({ approvalRequired: true });
    const staff = toActor(await make.staff('postech'));
    const trainee = await traineeActor();
    const { enrollmentId } = await applyToCourse(trainee, String(course._id));
    await approveEnrollment(staff, enrollmentId);
    const enrollment = await Enrollment.findById(enrollmentId).lean();
    assert.equal(enrollment?.status, 'enrolled');
    assert.equal(enrollment?.seq, 2);
    assert.equal(await Notification.countDocuments({ user: trainee.id, kind: 'approved' }), 1);
    assert.equal(await refusal(approveEnrollment(staff, enrollmentId)), 'enrollment.errors.notInState');
  });

  it('rejects a pending application, frees its seat and promotes the first waitlisted trainee (as pending)', async () => {
    const course = await make.course({ approvalRequired: true, capacity: 1 });
    const staff = toActor(await make.staff('postech'));
    const first = await traineeActor();
    const second = await traineeActor();
    const third = await traineeActor();
    const a = await applyToCourse(first, String(course._id));
    const b = await applyToCourse(second, String(course._id));
    await applyToCourse(third, String(course._id));
    assert.equal(b.status, 'waitlisted');
    await rejectEnrollment(staff, a.enrollmentId);
    assert.equal((await Enrollment.findById(a.enrollmentId).lean())?.status, 'rejected');
    assert.equal((await Enrollment.findById(b.enrollmentId).lean())?.status, 'pending');
    assert.equal((await Seat.findOne({ course: course._id }).lean())?.trainee.toString(), second.id);
    assert.equal(await Notification.countDocuments({ user: first.id, kind: 'rejected' }), 1);
    assert.equal(await Notification.countDocuments({ user: second.id, kind: 'promotedPending' }), 1);
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 1);
  });

  it('lets staff of another university neither approve nor reject (404)', async () => {
    const course = await make.course({ approvalRequired: true });
    const { enrollmentId } = await applyToCourse(await traineeActor(), String(course._id));
    const other = toActor(await make.staff('korea'));
    await assert.rejects(approveEnrollment(other, enrollmentId), NotFoundError);
    await assert.rejects(rejectEnrollment(other, enrollmentId), NotFoundError);
    assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'pending');
  });

  it('withdraws before the start, frees the seat and promotes the first waitlisted trainee in the same call', async () => {
    const course = await make.course({ capacity: 1 });
    const first = await traineeActor();
    const second = await traineeActor();
    const a = await applyToCourse(first, String(course._id));
    const b = await applyToCourse(second, String(course._id));
    await withdrawEnrollment(first, a.enrollmentId);
    assert.equal((await Enrollment.findById(a.enrollmentId).lean())?.status, 'withdrawn');
    assert.equal((await Enrollment.findById(b.enrollmentId).lean())?.status, 'enrolled');
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
    assert.equal(await Notification.countDocuments({ user: second.id, kind: 'promoted' }), 1);
    assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.promote', targetId: b.enrollmentId }), 1);
  });

  it("refuses withdrawal once the course has started, and another trainee's enrollment is not found", async () => {
    const course = await make.course();
    const trainee = await traineeActor();
    const { enrollmentId } = await applyToCourse(trainee, String(course._id));
    await assert.rejects(withdrawEnrollment(await traineeActor(), enrollmentId), NotFoundError);
    await Course.updateOne(
      { _id: course._id },
      {
        $set: {
          startsAt: new Date(Date.now() - hour),
          sessions: [{ date: dayFromNow(0), start: '00:00', end: '23:59' }],
        },
      },
    );
    assert.equal(await refusal(withdrawEnrollment(trainee, enrollmentId)), 'enrollment.errors.alreadyStarted');
    assert.equal((await Enrollment.findById(enrollmentId).lean())?.status, 'enrolled');
  });

  it('keeps a racing approval and withdrawal apart: each step is claimed once, a loser gets a clear refusal', async () => {
    const course = await make.course({ approvalRequired: true, capacity: 1 });
    const staff = toActor(await make.staff('postech'));
    for (let round = 0; round < 5; round++) {
      const trainee = await traineeActor();
      const { enrollmentId } = await applyToCourse(trainee, String(course._id));
      const outcomes = await Promise.allSettled([
        approveEnrollment(staff, enrollmentId),
        withdrawEnrollment(trainee, enrollmentId),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      assert.ok(won.length >= 1, `round ${round}`);
      for (const lost of outcomes.filter((o) => o.status === 'rejected')) assert.ok(lost.reason instanceof FormError);
      const enrollment = await Enrollment.findById(enrollmentId).lean();
      const events = await EnrollmentEvent.find({ enrollment: enrollmentId }).lean();
      assert.equal(events.length, 1 + won.length, 'one history step per action that went through');
      assert.equal(enrollment?.seq, events.length);
      const seats = await Seat.countDocuments({ course: course._id });
      assert.equal(seats, enrollment?.status === 'enrolled' ? 1 : 0);
      if (enrollment?.status === 'enrolled') await withdrawEnrollment(trainee, enrollmentId);
    }
  });
});
