import assert from 'node:assert/strict';
import { CompletionReport } from '../../../models/completion-report';
import { Course } from '../../../models/course';
import { FormError } from '../../../server/errors';
import {
  getReport,
  listReports,
  previewReport,
  reviewReport,
  submitReport,
} from '../../../server/services/reports/completion-reports';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, days, make } from '../../support/factories';

/** A completed postech course from `start` (three days) with one completer. */
async function completedCourse(start: string) {
  const course = await make.course({ university: 'postech', status: 'completed', days: days(start, 3) });
  await make.enrollment(course, await make.trainee({ consent: true }), 'completed');
  return course;
}

describe('reports/completion-reports: a university’s frozen completion reports', () => {
  useTestApp();
  before(async () => {
    await completedCourse('2026-05-04');
  });

  it('waits for every course it covers to finish, and names the ones still running', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const running = await make.course({ university: 'postech', days: [dayFromNow(5)] });
    const scope = { kind: 'course' as const, courseId: String(running._id) };
    const { unfinished } = await previewReport(staff, scope);
    assert.deepEqual(
      unfinished.map((u) => [u.id, u.state]),
      [[String(running._id), 'notStarted']],
    );
    await assert.rejects(
      submitReport(staff, scope),
      (e: unknown) => e instanceof FormError && e.errors._form === 'reports.errors.unfinished',
    );
    assert.equal(await CompletionReport.countDocuments({ period: `course:${String(running._id)}` }), 0);
  });

  it('freezes a submitted snapshot, detects a changed one, and versions a returned report', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const city = await actorOf(await make.cityStaff());
    const report = await submitReport(staff, { kind: 'quarter', quarter: '2026-Q2' });
    await assert.rejects(
      submitReport(staff, { kind: 'quarter', quarter: '2026-Q2' }),
      /reports.errors.alreadySubmitted/,
    );
    const before = await getReport(staff, String(report._id));
    assert.equal(before.hashMatches, true);
    // Edit the underlying course: the snapshot does not move.
    await Course.updateMany({}, { $set: { 'title.ko': '바뀐 제목', totalHours: 99 } });
    const after = await getReport(city, String(report._id));
    assert.deepEqual(after.snapshot, before.snapshot);
    assert.equal(after.hashMatches, true);
    // Tamper with the stored text: the hash no longer matches.
    const tampered = before.snapshot.figures.completed + 1;
    const text = (await CompletionReport.findById(report._id).lean())!.snapshot.replace(
      /"completed":\d+/,
      `"completed":${tampered}`,
    );
    await CompletionReport.updateOne({ _id: report._id }, { snapshot: text });
    assert.equal((await getReport(city, String(report._id))).hashMatches, false);
    await assert.rejects(reviewReport(city, String(report._id), 'returned', ''), /reports.errors.noteRequired/);
    await reviewReport(city, String(report._id), 'returned', '수치를 다시 확인해 주세요');
    await assert.rejects(reviewReport(city, String(report._id), 'acknowledged', ''), /reports.errors.notSubmitted/);
    const v2 = await submitReport(staff, { kind: 'quarter', quarter: '2026-Q2' });
    assert.equal(v2.version, 2);
    assert.equal(await CompletionReport.countDocuments({ period: '2026-Q2' }), 2);
    await assert.rejects(getReport(await actorOf(await make.staff('knu')), String(v2._id)), { status: 404 });
  });

  it('lets exactly one of two simultaneous reviews of a report stand', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const city = await actorOf(await make.cityStaff());
    // A one-course report, on a course of its own.
    const course = await completedCourse('2026-08-03');
    const report = await submitReport(staff, { kind: 'course', courseId: String(course._id) });
    const raced = await Promise.allSettled([
      reviewReport(city, String(report._id), 'returned', '다시 확인'),
      reviewReport(city, String(report._id), 'acknowledged', ''),
    ]);
    const won = raced.findIndex((r) => r.status === 'fulfilled');
    assert.equal(raced.filter((r) => r.status === 'fulfilled').length, 1);
    assert.equal((await getReport(city, String(report._id))).status, won === 0 ? 'returned' : 'acknowledged');
  });

  it('lists a university’s reports to its own staff and every report to the city', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const city = await actorOf(await make.cityStaff());
    const mine = await listReports(staff);
    assert.ok(mine.length >= 1);
    assert.ok((await listReports(city)).length >= mine.length);
    assert.deepEqual(await listReports(await actorOf(await make.staff('knu'))), []);
  });
});
