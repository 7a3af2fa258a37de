import assert from 'node:assert/strict';
import { matrixQuarters, reportStatusMatrix, unreportedState } from '../../../server/services/reports/status-matrix';
import { submitReport } from '../../../server/services/reports/completion-reports';
import { useTestApp } from '../../support/app';
import { actorOf, days, make } from '../../support/factories';

describe('reports/status-matrix: universities × quarters, and who owes a report', () => {
  useTestApp();

  it('says why a quarter has no report: still running, nothing to report, course reports, or owed', () => {
    assert.equal(unreportedState(5, true, false), 'in_progress');
    assert.equal(unreportedState(0, false, false), 'not_applicable');
    assert.equal(unreportedState(5, false, true), 'course_reports');
    assert.equal(unreportedState(5, false, false), 'not_submitted');
  });

  it('shows this year’s quarters up to today and every earlier one with courses, newest first', () => {
    assert.deepEqual(matrixQuarters(['2025-Q2', '2026-Q1', '2023-Q4'], '2026-08-15'), [
      '2026-Q3',
      '2026-Q2',
      '2026-Q1',
      '2025-Q2',
      '2023-Q4',
    ]);
  });

  it('marks a university’s ended quarter with enrollments as owed until its report is submitted', async () => {
    const course = await make.course({ university: 'korea', status: 'completed', days: days('2025-05-05', 2) });
    await make.enrollment(course, await make.trainee(), 'completed');
    const city = await actorOf(await make.cityStaff());
    const cell = async () => {
      const matrix = await reportStatusMatrix(city);
      const column = matrix.quarters.indexOf('2025-Q2');
      assert.ok(column >= 0, matrix.quarters.join());
      return { cell: matrix.rows.find((r) => r.code === 'korea')?.cells[column], missing: matrix.missing[column] };
    };
    assert.deepEqual(await cell(), { cell: { state: 'not_submitted', enrollments: 1 }, missing: 1 });
    const report = await submitReport(await actorOf(await make.staff('korea')), {
      kind: 'quarter',
      quarter: '2025-Q2',
    });
    assert.deepEqual(await cell(), {
      cell: { state: 'submitted', reportId: String(report._id), version: 1 },
      missing: 0,
    });
    await assert.rejects(reportStatusMatrix(await actorOf(await make.staff('korea'))), { status: 404 });
  });
});
