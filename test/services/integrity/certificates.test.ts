import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { toActor } from '../../../server/services/accounts/auth';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';

/** A course that took place, whose three trainees all completed it through the completion service. */
async function completedCourse() {
  const staff = toActor(await make.staff('postech'));
  const { course, applied } = await courseWithApplications(3, { capacity: 3 });
  const doc = await Course.findById(course._id);
  assert.ok(doc);
  doc.sessions.forEach((s, i) => (s.date = dayFromNow(-10 + i)));
  doc.status = 'closed';
  await doc.save();
  for (const a of applied) await make.marks(doc, { _id: a.enrollmentId }, ['present', 'present', 'present']);
  await commitCompletion(staff, String(course._id), {});
  const certificates = await Certificate.find({ course: course._id }).lean();
  assert.equal(certificates.length, 3);
  assert.deepEqual(await differences(), [], 'the services left the data consistent');
  const numberOf = (enrollment: string) => certificates.find((c) => String(c.enrollment) === enrollment)!.number;
  return { course: doc, enrollments: applied.map((a) => a.enrollmentId), numberOf };
}

describe('check-data: certificates (DESIGN.md rule 4)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds a completion without its certificate; the periodic job leaves it, --repair issues it through the service', async () => {
    const { course, enrollments } = await completedCourse();
    const [first] = enrollments;
    await Certificate.deleteOne({ enrollment: first });
    const found = `[certificates] enrollment ${first} of course ${String(course._id)} (${course.code}) is completed but has no certificate`;
    assert.deepEqual(await differences(), [found]);

    assert.deepEqual(outcomes(await repairRun('safe')), ['certificates: not-safe']);
    assert.equal(await Certificate.countDocuments({ enrollment: first }), 0, 'the job issues nothing');

    assert.deepEqual(outcomes(await repairRun('all')), ['certificates: repaired']);
    const issued = await Certificate.findOne({ enrollment: first }).lean();
    assert.ok(issued);
    assert.match(issued.number, /^BTH-POSTECH-\d{4}-\d{6}$/);
    const decidedAt = (await Enrollment.findById(first).lean())?.completion?.decidedAt;
    assert.equal(issued.issuedAt.getTime(), decidedAt?.getTime(), 'dated the day completion was decided');
    assert.equal(issued.issuedBy, undefined, 'no person issued it');
    assert.ok(await AuditEvent.exists({ action: 'certificate.issue', targetId: issued._id }));
    assert.ok(await AuditEvent.exists({ action: 'data.repair', targetId: first, 'meta.check': 'certificates' }));
    assert.deepEqual(await differences(), []);
  });

  it('reports a completion whose certificate was revoked, and a valid certificate without a completion, for staff to decide', async () => {
    const { course, enrollments, numberOf } = await completedCourse();
    const [, second, third] = enrollments;
    await Certificate.updateOne({ enrollment: second }, { $set: { revokedAt: new Date() } });
    await Enrollment.updateOne({ _id: third }, { $set: { status: 'not_completed' } });
    const name = `course ${String(course._id)} (${course.code})`;

    const report = await repairRun('all');
    assert.deepEqual(
      report.findings.filter((f) => f.difference.check === 'certificates').map((f) => f.difference.text),
      [
        `enrollment ${second} of ${name} is completed but its certificate ${numberOf(second!)} is revoked`,
        `certificate ${numberOf(third!)} of ${name} is valid, but its enrollment ${third} is not completed`,
      ],
    );
    assert.deepEqual(outcomes(report), [
      'certificates: not repaired (no repair: staff decide whether the completion or the certificate is right)',
      'certificates: not repaired (no repair: staff decide whether the completion or the certificate is right)',
      // The status written past the services also left the figures counting a completion, and the roster showing it.
      'course-figures: repaired',
      'course-rosters: repaired',
    ]);
    assert.equal((await differences()).length, 2);
  });
});
