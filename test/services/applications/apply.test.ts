import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { AuditEvent } from '../../../models/audit-event';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { NotFoundError } from '../../../server/errors';
import { applyToCourse } from '../../../server/services/applications/apply';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { useTestApp } from '../../support/app';
import { hour, refusal, traineeActor } from '../../support/applications';
import { type CourseSpec, make } from '../../support/factories';

describe('applying for a course', () => {
  useTestApp();

  it('enrols while seats are free, then waitlists in arrival order', async () => {
    const course = await make.course({ capacity: 2 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await applyToCourse(await traineeActor(), String(course._id)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['enrolled', 'enrolled', 'waitlisted', 'waitlisted'],
    );
    assert.ok(results[2]!.position! < results[3]!.position!);
    assert.equal(await Seat.countDocuments({ course: course._id }), 2);
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 2);
  });

  it('holds the seat as pending when approval is required, and records history and audit', async () => {
    const course = await make.course({ approvalRequired: true });
    const actor = await traineeActor();
    const result = await applyToCourse(actor, String(course._id));
    assert.equal(result.status, 'pending');
    assert.equal(await Seat.countDocuments({ course: course._id }), 1);
    const events = await EnrollmentEvent.find({ enrollment: result.enrollmentId }).lean();
    assert.deepEqual(
      events.map((e) => [e.seq, e.from, e.to]),
      [[1, null, 'pending']],
    );
    assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.apply', targetId: result.enrollmentId }), 1);
  });

  it('refuses a second application by the same trainee', async () => {
    const course = await make.course();
    const actor = await traineeActor();
    await applyToCourse(actor, String(course._id));
    assert.equal(await refusal(applyToCourse(actor, String(course._id))), 'enrollment.errors.alreadyApplied');
  });

  it('checks the enrolment window, the course status and the trainee category', async () => {
    const actor = await traineeActor({ category: 'job_seeker' });
    const cases: [CourseSpec, string][] = [
      [
        { opensAt: new Date(Date.now() + hour), closesAt: new Date(Date.now() + 48 * hour) },
        'enrollment.errors.notOpenYet',
      ],
      [
        { opensAt: new Date(Date.now() - 48 * hour), closesAt: new Date(Date.now() - hour) },
        'enrollment.errors.windowClosed',
      ],
      [{ status: 'closed' }, 'enrollment.errors.notOpen'],
      [{ eligibleCategories: ['student', 'employee'] }, 'enrollment.errors.ineligible'],
    ];
    for (const [spec, key] of cases) {
      const course = await make.course(spec);
      assert.equal(await refusal(applyToCourse(actor, String(course._id))), key, JSON.stringify(spec));
    }
    assert.equal(
      await Enrollment.countDocuments({ trainee: actor.id }),
      0,
      'nothing is written for a refused application',
    );
    const eligible = await make.course({ eligibleCategories: ['job_seeker'] });
    assert.equal((await applyToCourse(actor, String(eligible._id))).status, 'enrolled');
  });

  it('treats a draft, cancelled or malformed course id as not found', async () => {
    const actor = await traineeActor();
    for (const status of ['draft', 'cancelled'] as const) {
      const course = await make.course({ status });
      await assert.rejects(applyToCourse(actor, String(course._id)), NotFoundError);
    }
    await assert.rejects(applyToCourse(actor, 'not-an-id'), NotFoundError);
  });

  it('re-uses the enrollment document when a trainee applies again, with the whole history', async () => {
    const course = await make.course();
    const trainee = await traineeActor();
    const first = await applyToCourse(trainee, String(course._id));
    await withdrawEnrollment(trainee, first.enrollmentId);
    const again = await applyToCourse(trainee, String(course._id));
    assert.equal(again.enrollmentId, first.enrollmentId);
    assert.equal(await Enrollment.countDocuments({ course: course._id, trainee: trainee.id }), 1);
    const events = await EnrollmentEvent.find({ enrollment: first.enrollmentId }).sort({ seq: 1 }).lean();
    assert.deepEqual(
      events.map((e) => e.to),
      ['enrolled', 'withdrawn', 'enrolled'],
    );
    assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.reapply', targetId: first.enrollmentId }), 1);
  });
});
