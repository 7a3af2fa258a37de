import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { NotFoundError } from '../../../server/errors';
import { enrolByEmail } from '../../../server/services/applications/staff-enrol';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe('staff enrolling a trainee by email', () => {
  useTestApp();

  it('enrols the trainee even where approval is required, and tells them', async () => {
    const course = await make.course({ university: 'postech', approvalRequired: true });
    const staff = await actorOf(await make.staff('postech'));
    const trainee = await make.trainee();
    const result = await enrolByEmail(staff, String(course._id), trainee.email.toUpperCase());
    assert.equal(result.status, 'enrolled');
    assert.equal((await Enrollment.findById(result.enrollmentId).lean())?.trainee.toString(), String(trainee._id));
    const notice = await Notification.findOne({ user: trainee._id, kind: 'staffEnrolled' }).lean();
    assert.equal((notice?.params as { context?: string }).context, 'enrolled');
  });

  it("refuses an unknown address, a staff account and a second application in staff's words", async () => {
    const course = await make.course({ university: 'postech' });
    const staffUser = await make.staff('postech');
    const staff = await actorOf(staffUser);
    await assert.rejects(enrolByEmail(staff, String(course._id), 'nobody@example.kr'), {
      errors: { email: 'manage.enrol.errors.noAccount' },
    });
    await assert.rejects(enrolByEmail(staff, String(course._id), staffUser.email), {
      errors: { email: 'manage.enrol.errors.notTrainee' },
    });
    const trainee = await make.trainee();
    await enrolByEmail(staff, String(course._id), trainee.email);
    await assert.rejects(enrolByEmail(staff, String(course._id), trainee.email), {
      errors: { email: 'manage.enrol.errors.alreadyApplied' },
    });
  });

  it('does not let staff of another university enrol anyone in the course', async () => {
    const course = await make.course({ university: 'postech' });
    const other = await actorOf(await make.staff('korea'));
    const trainee = await make.trainee();
    await assert.rejects(enrolByEmail(other, String(course._id), trainee.email), NotFoundError);
    assert.equal(await Enrollment.countDocuments({ trainee: trainee._id }), 0);
  });
});
