import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { AuditEvent } from '../../../models/audit-event';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import {
  courseWithApplications,
  differences,
  emptyButUniversities,
  outcomes,
  repairAudits,
  repairRun,
} from '../../support/drift';
import { useTestApp } from '../../support/app';

const statusOf = async (id: string) => (await Enrollment.findById(id).lean())?.status;
const seatOf = async (id: string) => (await Seat.findOne({ enrollment: id }).lean())?.seatNo;

describe('check-data: seats against their enrollments (DESIGN.md rule 1)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds a seat whose enrollment was withdrawn behind its back, frees it and promotes the waitlist into it', async () => {
    // Two seats taken, one trainee waiting.
    const { course, applied } = await courseWithApplications(3);
    assert.deepEqual(
      applied.map((a) => a.status),
      ['enrolled', 'enrolled', 'waitlisted'],
    );
    const [first, , waiting] = applied.map((a) => a.enrollmentId);
    assert.deepEqual(await differences(), [], 'the services left the data consistent');

    await Enrollment.updateOne({ _id: first }, { $set: { status: 'withdrawn', withdrawnAt: new Date() } });

    const found = await differences();
    const name = `course ${String(course._id)} (${course.code})`;
    assert.ok(
      found.includes(`[seat-without-enrollment] seat 1 of ${name}: its enrollment ${first} is withdrawn`),
      found.join('\n'),
    );
    assert.ok(
      found.includes(`[seat-count] ${name}: 2 seats taken, but 1 enrollment holds one (1 enrolled)`),
      found.join('\n'),
    );

    const report = await repairRun();
    assert.ok(outcomes(report).includes('seat-without-enrollment: repaired'), outcomes(report).join('\n'));
    assert.equal(await seatOf(first!), undefined);
    assert.equal(await statusOf(waiting!), 'enrolled', 'the waitlist was promoted into the freed seat');
    assert.equal(await seatOf(waiting!), 1);
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
    assert.deepEqual(await differences(), []);

    const audit = await AuditEvent.findOne({ action: 'data.repair', 'meta.check': 'seat-without-enrollment' }).lean();
    assert.ok(audit, 'the repair is audited');
    assert.equal(String(audit.targetId), String(course._id));
    assert.equal(String(audit.university), String(course.university));
    assert.deepEqual(audit.meta, {
      check: 'seat-without-enrollment',
      found: `seat 1 of ${name}: its enrollment ${first} is withdrawn`,
      reason: 'data_check',
    });
  });

  it('finds an enrolled trainee without a seat and gives them the lowest free seat, before the waitlist gets it', async () => {
    const { course, applied } = await courseWithApplications(3);
    const [first, , waiting] = applied.map((a) => a.enrollmentId);
    await Seat.deleteOne({ enrollment: first });

    const found = await differences();
    const name = `course ${String(course._id)} (${course.code})`;
    assert.ok(found.includes(`[enrollment-without-seat] enrollment ${first} of ${name} is enrolled but holds no seat`));
    assert.ok(found.includes(`[seat-count] ${name}: 1 seat taken, but 2 enrollments hold one (2 enrolled)`));

    const report = await repairRun();
    assert.deepEqual(outcomes(report), ['enrollment-without-seat: repaired']);
    assert.equal(await seatOf(first!), 1);
    assert.equal(await statusOf(waiting!), 'waitlisted');
    assert.deepEqual(await differences(), []);
    assert.deepEqual(await repairAudits(), ['enrollment-without-seat']);
  });

  it('reports an enrolled trainee without a seat on a full course, and leaves it to a person', async () => {
    const { course, applied } = await courseWithApplications(2);
    const [first] = applied.map((a) => a.enrollmentId);
    await Seat.deleteOne({ enrollment: first });
    await Course.updateOne({ _id: course._id }, { $set: { capacity: 1 } });

    const report = await repairRun();
    assert.deepEqual(outcomes(report), [
      'enrollment-without-seat: not repaired (the course is full (1 of 1 seats taken): a person decides who gives a seat up)',
      'seat-count: found',
    ]);
    assert.equal(await seatOf(first!), undefined);
    assert.equal((await differences()).length, 2, 'still there on the second look');
    assert.deepEqual(await repairAudits(), []);
  });

  it('gives a seat recorded under a wrong enrollment back to its trainee’s enrollment', async () => {
    const { course, applied } = await courseWithApplications(3);
    const [first, , waiting] = applied.map((a) => a.enrollmentId);
    const stray = new Types.ObjectId();
    await Seat.updateOne({ enrollment: first }, { $set: { enrollment: stray } });

    const found = await differences();
    const name = `course ${String(course._id)} (${course.code})`;
    assert.ok(found.includes(`[enrollment-without-seat] enrollment ${first} of ${name} is enrolled but holds no seat`));
    assert.ok(
      found.includes(`[seat-without-enrollment] seat 1 of ${name}: its enrollment ${String(stray)} does not exist`),
    );

    const report = await repairRun();
    assert.ok(outcomes(report).includes('seat-without-enrollment: repaired'), outcomes(report).join('\n'));
    assert.equal(await seatOf(first!), 1, 'the same seat, now under its enrollment');
    assert.equal(await statusOf(waiting!), 'waitlisted', 'no seat was freed for the waitlist');
    assert.deepEqual(await differences(), []);
  });
});
