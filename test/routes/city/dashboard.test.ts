import assert from 'node:assert/strict';
import { University } from '../../../models/university';
import { seoulYearOf } from '../../../server/lib/calendar';
import { saveTargetPlan } from '../../../server/services/city/targets';
import { useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { workbookOf } from '../../support/documents';
import { actorOf, make } from '../../support/factories';
import { html } from '../../support/html';
import { binaryBody } from '../../support/streams';

describe('city dashboard and exports (pages)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'revoked');

  it('shows the city dashboard with charts and tables, and exports CSV and XLSX with the same filters', async () => {
    const { city } = c;
    const page = await city.agent.get('/city?period=2026-Q3&university=postech').expect(200);
    const $ = html(page.text);
    assert.equal($('.chart-grid .chart[role=img]').length, 4);
    assert.equal($('script:not([src])').length, 0);
    assert.equal($('.figure-totals [data-figure=enrollments]').text(), '3');
    assert.equal(
      $('.figures-table[data-kind=university] tr[data-key=postech] [data-figure=completionRate]').text(),
      '33.3%',
    );
    const csv = await city.agent.get('/city/export.csv?period=2026-Q3&university=postech').expect(200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.ok(csv.text.startsWith('\uFEFF'), 'BOM');
    assert.ok(csv.text.includes("'=CMD()"), 'formula neutralised');
    assert.ok(!csv.text.includes('이비동의'), 'only consenting trainees named');
    assert.equal(csv.text.trim().split('\r\n').length, 4);
    const none = await city.agent.get('/city/export.csv?university=korea').expect(200);
    assert.equal(none.text.trim().split('\r\n').length, 1);
    const xlsx = await city.agent.get('/city/export.xlsx?period=2026-Q3').buffer(true).parse(binaryBody).expect(200);
    const workbook = await workbookOf(xlsx.body as Buffer);
    const sheet = workbook.getWorksheet('수강 내역');
    assert.ok(sheet);
    assert.equal(sheet.getRow(1).getCell(1).value, '대학');
    assert.equal(sheet.rowCount, 4);
    const completedRow = [2, 3, 4].map((r) => sheet.getRow(r)).find((r) => r.getCell(9).value === '수료');
    assert.ok(completedRow);
    assert.equal(typeof completedRow.getCell(10).value, 'number');
    assert.equal(completedRow.getCell(11).value, completedRow.getCell(10).value, 'a completion is credited its hours');
    assert.ok(completedRow.getCell(12).value instanceof Date);
    assert.ok(['예', '아니요'].includes(String(completedRow.getCell(8).value)), 'residency reads 예/아니요');
  });
});

describe('city dashboard kept between views', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'attended');

  const completed = async (path: string) =>
    html((await c.city.agent.get(path).expect(200)).text)('.figure-totals [data-figure=completed]').text();

  it('shows a completion at once on a dashboard it had kept, in both languages and for each filter', async () => {
    const filtered = '/city?period=2026-Q3&university=postech';
    assert.equal(await completed(filtered), '0');
    assert.equal(await completed(filtered), '0', 'the kept dashboard');
    const english = html((await c.city.agent.get(`${filtered}&lang=en`).expect(200)).text);
    assert.equal(english('.figure-totals [data-figure=completed]').text(), '0');
    assert.match(english('h1').first().text(), /dashboard/i);
    await c.complete();
    assert.equal(await completed(filtered), '2');
    assert.equal(await completed('/city?university=postech&lang=en'), '2');
    assert.equal(await completed('/city?university=korea'), '0', 'another filter, another dashboard');
  });

  it('shows a target saved at once on a dashboard it had kept', async () => {
    const year = seoulYearOf(Date.now());
    const targetRows = async () =>
      html((await c.city.agent.get('/city').expect(200)).text)('.target-table tbody tr[data-university=postech]');
    assert.equal((await targetRows()).length, 0);
    assert.equal((await targetRows()).length, 0, 'the kept dashboard');
    const city = await actorOf(await make.cityStaff());
    const postech = await University.findOne({ code: 'postech' }).lean();
    await saveTargetPlan(city, year, [
      { row: 0, university: String(postech!._id), scope: 'all', key: '', trainees: 40, completions: null, hours: null },
    ]);
    const rows = await targetRows();
    assert.equal(rows.length, 1, 'the new target shows at once');
    assert.equal(rows.find('[data-figure=trainees-target]').text(), '40');
  });
});
