import assert from 'node:assert/strict';
import { Attendance } from '../../models/attendance';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { seedCompletions } from '../../server/seed/completions';
import { useTestApp } from '../support/app';
import { days, make } from '../support/factories';

describe('seedCompletions', () => {
  useTestApp();

  it('completes finished closed courses, issues certificates and submits and acknowledges reports, once', async () => {
    await make.staff('handong');
    await make.cityStaff();
    const q2 = await make.course({ university: 'handong', status: 'closed', days: days('2026-05-11', 5) });
    const q3 = await make.course({
      university: 'handong',
      status: 'closed',
      days: days('2026-08-10', 4),
      completionRule: { assessmentRequired: true, passScore: 60 },
    });
    const running = await make.course({ university: 'handong', status: 'published', days: days('2026-08-10', 4) });
    const q1 = await make.course({ university: 'handong', status: 'closed', days: days('2026-02-02', 3) });
    for (const course of [q1, q2, q3, running])
      for (let i = 0; i < 5; i++) await make.enrollment(course, await make.trainee());
    const now = new Date('2026-11-01T00:00:00Z');

    const summary = await seedCompletions(now);
    assert.equal(summary.courses, 3);
    assert.equal(summary.marks, 5 * 3 + 5 * 5 + 5 * 4);
    assert.equal(await Attendance.countDocuments({}), 60);
    assert.equal((await Course.findById(running._id).lean())?.status, 'published');
    for (const course of [q1, q2, q3]) {
      assert.equal((await Course.findById(course._id).lean())?.status, 'completed');
      const completed = await Enrollment.countDocuments({ course: course._id, status: 'completed' });
      assert.ok(completed >= 3 && completed < 5, 'most complete, the mostly-absent trainee does not');
      assert.equal(await Certificate.countDocuments({ course: course._id }), completed);
    }
    assert.equal(summary.certificates, await Certificate.countDocuments({}));
    const reports = await CompletionReport.find({}).sort({ period: 1 }).lean();
    // 2026-Q3 waits for the course still running in it; of the others the newest awaits review.
    assert.deepEqual(
      reports.map((r) => [r.period, r.status]),
      [
        ['2026-Q1', 'acknowledged'],
        ['2026-Q2', 'submitted'],
      ],
    );

    const again = await seedCompletions(now);
    assert.deepEqual([again.courses, again.certificates, again.reports], [0, 0, 0]);
    assert.equal(await Certificate.countDocuments({}), summary.certificates);
  });
});
