import assert from 'node:assert/strict';
import { createI18n } from '../../../server/i18n';
import { periodText, quarterDays, renderReportPdf } from '../../../server/services/reports/completion-report-pdf';
import { submitReport } from '../../../server/services/reports/completion-reports';
import { useTestApp } from '../../support/app';
import { pdfText } from '../../support/documents';
import { actorOf, days, make } from '../../support/factories';

describe('reports/completion-report-pdf: a submitted report as an A4 document', () => {
  useTestApp();

  it('names a quarter’s or a course’s period with its dates in the reader’s language', () => {
    assert.deepEqual(quarterDays('2026-Q1'), { first: '2026-01-01', last: '2026-03-31' });
    assert.deepEqual(quarterDays('2024-Q4'), { first: '2024-10-01', last: '2024-12-31' });
    assert.equal(
      periodText({ kind: 'quarter', quarter: '2026-Q3' }, {}, 'en'),
      '2026-Q3 (1 July 2026 – 30 September 2026)',
    );
    const course = { kind: 'course', courseId: 'x', courseCode: 'C', courseTitle: { ko: '', en: '' } } as const;
    assert.equal(periodText(course, { first: '2026-05-04', last: '2026-05-04' }, 'ko'), '2026년 5월 4일');
    assert.equal(periodText(course, {}, 'en'), '—');
  });

  it('prints the frozen figures, the submitter and the course’s dates, for the report’s university and the city only', async () => {
    const i18n = await createI18n();
    const staffUser = await make.staff('postech', { name: '정제출' });
    const staff = await actorOf(staffUser);
    const course = await make.course({
      university: 'postech',
      status: 'completed',
      days: days('2026-05-04', 3),
      code: 'PDF-1',
    });
    await make.enrollment(course, await make.trainee(), 'completed');
    await make.enrollment(course, await make.trainee(), 'not_completed');
    const report = await submitReport(staff, { kind: 'course', courseId: String(course._id) });
    const city = await actorOf(await make.cityStaff());
    const { pdf } = await renderReportPdf(city, String(report._id), i18n.getFixedT('en'), 'en');
    const text = pdfText(Buffer.from(pdf));
    assert.match(text, /PDF-1/);
    assert.match(text, /4 May 2026 – 6 May 2026/);
    assert.match(text, /정제출/);
    await assert.rejects(
      renderReportPdf(await actorOf(await make.staff('knu')), String(report._id), i18n.getFixedT('en'), 'en'),
      { status: 404 },
    );
  });
});
