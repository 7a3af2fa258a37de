import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { findActor } from '../../../server/services/accounts/auth';
import { commitCompletion, previewCompletion } from '../../../server/services/completion/completion-decide';
import { useTestApp } from '../../support/app';
import { finishedCourse } from '../../support/finished-course';
import { actorOf, make } from '../../support/factories';

describe('deciding completion', () => {
  useTestApp();

  it('decides at the edges of the rule, records overrides with their reason and issues one certificate each', async () => {
    const course = await finishedCourse({ assessmentRequired: true, passScore: 70 });
    const staff = await actorOf(await make.staff('postech'));
    const atMin = await make.trainee({ name: '김정확' });
    const under = await make.trainee({ name: '이부족' });
    const lowScore = await make.trainee({ name: '박점수' });
    const eAt = await make.enrollment(course, atMin);
    const eUnder = await make.enrollment(course, under);
    const eLow = await make.enrollment(course, lowScore);
    await make.marks(course, eAt, [...Array(5).fill('present'), 'late', 'late', 'excused', 'absent', 'absent']);
    await make.marks(course, eUnder, [...Array(5).fill('present'), 'late', 'late', 'late', 'absent', 'absent']);
    await make.marks(course, eLow, Array(10).fill('present'));
    await Enrollment.updateOne({ _id: eAt._id }, { assessmentScore: 70 });
    await Enrollment.updateOne({ _id: eUnder._id }, { assessmentScore: 90 });
    await Enrollment.updateOne({ _id: eLow._id }, { assessmentScore: 69 });

    const preview = await previewCompletion(staff, String(course._id));
    const outcome = Object.fromEntries(preview.rows.map((r) => [r.name, [r.outcome, r.attendanceRate]]));
    assert.deepEqual(outcome['김정확'], ['completed', 0.8]);
    assert.deepEqual(outcome['이부족'], ['not_completed', 0.7]);
    assert.deepEqual(outcome['박점수'], ['not_completed', 1]);

    await assert.rejects(
      commitCompletion(staff, String(course._id), { [String(eLow._id)]: { outcome: 'completed', reason: ' ' } }),
      /completion.errors.reasonRequired/,
    );
    assert.equal(await EnrollmentEvent.countDocuments({}), 0, 'nothing written when a reason is missing');

    const overrides = { [String(eLow._id)]: { outcome: 'completed' as const, reason: '재평가 69.5점 반올림 인정' } };
    const [first, second] = await Promise.all([
      commitCompletion(staff, String(course._id), overrides),
      commitCompletion(staff, String(course._id), overrides),
    ]);
    assert.equal(first.decided + second.decided, 3);
    const statuses = Object.fromEntries(
      (await Enrollment.find({ course: course._id }).lean()).map((e) => [String(e._id), e.status]),
    );
    assert.deepEqual(
      [statuses[String(eAt._id)], statuses[String(eUnder._id)], statuses[String(eLow._id)]],
      ['completed', 'not_completed', 'completed'],
    );
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    assert.equal((await Course.findById(course._id).lean())?.status, 'completed');
    const override = await AuditEvent.findOne({ action: 'enrollment.completion_override', targetId: eLow._id }).lean();
    assert.equal((override?.meta as { reason: string }).reason, '재평가 69.5점 반올림 인정');
    assert.equal((await Enrollment.findById(eLow._id).lean())?.completion?.ruleOutcome, 'not_completed');

    // Posting "complete" again issues nothing more.
    await commitCompletion(staff, String(course._id), {});
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    const numbers = (await Certificate.find({ course: course._id }).lean()).map((c) => c.number);
    for (const n of numbers) assert.match(n, /^BTH-POSTECH-\d{4}-\d{6}$/);
    assert.equal(new Set(numbers).size, 2);
  });
});

describe('completion before the course is over', () => {
  useTestApp();

  it('is refused while the last session is still ahead', async () => {
    const course = await make.course({ status: 'published' });
    await make.enrollment(course, await make.trainee());
    const staff = await findActor(String((await make.staff('postech'))._id));
    assert.ok(staff);
    assert.equal((await previewCompletion(staff, String(course._id))).canComplete, false);
    await assert.rejects(commitCompletion(staff, String(course._id), {}), /completion.errors.notEnded/);
    assert.equal(await Certificate.countDocuments({}), 0);
  });
});
