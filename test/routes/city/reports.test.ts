import assert from 'node:assert/strict';
import { CompletionReport } from '../../../models/completion-report';
import { Course } from '../../../models/course';
import { useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { html } from '../../support/html';

describe('completion reports (city pages)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'reported');

  it('keeps the submitted snapshot when the course is edited afterwards', async () => {
    const report = await CompletionReport.findOne({ period: '2026-Q3' }).lean();
    assert.ok(report);
    await Course.updateOne({ _id: c.course._id }, { 'title.ko': '이름이 바뀐 과정' });
    const page = await c.city.agent.get(`/city/reports/${report._id}`).expect(200);
    assert.match(html(page.text)('.report-snapshot').text(), /폐배터리 재활용 공정/);
    assert.match(html(page.text)('.hash-check').text(), /일치/);
  });
});
