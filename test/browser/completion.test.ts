import assert from 'node:assert/strict';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { days, make } from '../support/factories';
import { logIn, screenshotPath, useBrowser } from './support';
import { shownDate } from '../support/dates';

describe('browser: from attendance to the city export', () => {
  const ctx = useBrowser();

  it('staff complete a course, the trainee downloads the certificate, the report reaches the city', async () => {
    const course = await make.course({
      university: 'pknu',
      status: 'closed',
      days: days('2026-07-06', 4),
      title: { ko: '전고체 배터리 소재 분석', en: 'Solid-state battery materials analysis' },
      track: 'analysis',
    });
    const trainee = await make.trainee({ name: '정소연', consent: true });
    const absentee = await make.trainee({ name: '오결석' });
    await make.enrollment(course, trainee);
    await make.enrollment(course, absentee);
    const staff = await make.staff('pknu');
    const city = await make.cityStaff();

    // Staff: attendance with a bulk choice per session and one whole trainee absent, then completion.
    const staffPage = await ctx.newPage();
    await logIn(staffPage, ctx.baseUrl, staff.email);
    await staffPage.goto(`${ctx.baseUrl}/manage/courses/${course._id}/attendance`);
    for (const select of await staffPage.locator('select[name^="allSession"]').all())
      await select.selectOption('present');
    await staffPage.getByLabel('오결석 전 회차 일괄 지정').fill('결석');
    // An excused day without its reason is refused; the page comes back with every choice as made.
    // A cell takes a typed mark, or one picked from the page's list.
    // A text field with a list of suggestions is a combobox; its name is its row's and column's headers.
    const cell = staffPage.getByRole('combobox', { name: `정소연 ${shownDate('2026-07-07')}`, exact: true });
    await cell.fill('공결');
    await staffPage.getByRole('button', { name: '출결 저장' }).click();
    await staffPage.waitForSelector('.grid-errors');
    assert.deepEqual(
      await Promise.all((await staffPage.locator('select[name^="allSession"]').all()).map((s) => s.inputValue())),
      ['present', 'present', 'present', 'present'],
    );
    assert.equal(await staffPage.getByLabel('오결석 전 회차 일괄 지정').inputValue(), '결석');
    assert.equal(await cell.inputValue(), '공결');
    assert.equal(await cell.getAttribute('aria-invalid'), 'true');
    await staffPage.locator('.grid-errors a').click();
    assert.equal(new URL(staffPage.url()).hash, `#${await cell.getAttribute('id')}`, 'the summary links to the cell');
    // The reason goes after the mark, in the same cell.
    await cell.fill('공결 병원 진료');
    await staffPage.getByRole('button', { name: '출결 저장' }).click();
    await staffPage.waitForSelector('.flash');
    assert.match(await staffPage.locator('.flash').innerText(), /출결을 저장했습니다/);
    assert.match(await staffPage.locator('tr', { hasText: '오결석' }).locator('.risk-flag').innerText(), /도달 불가/);
    await staffPage.screenshot({ path: screenshotPath('attendance-grid'), fullPage: true });
    await staffPage.getByRole('link', { name: '수료 처리' }).click();
    // The excused day counts as attended: 정소연 completes with every session recorded.
    assert.deepEqual(await staffPage.locator('.completion-preview .rule-outcome').allInnerTexts(), ['미수료', '수료']);
    await staffPage.getByRole('button', { name: '수료 확정' }).click();
    // Committing cannot be undone: a confirm page says what will happen before it does.
    assert.match(await staffPage.locator('.confirm-effects').innerText(), /수료 1명\(수료증 발급\), 미수료 1명/);
    await staffPage.locator('.confirm-form').getByRole('button', { name: '수료 확정' }).click();
    await staffPage.waitForSelector('.certificate-list');
    assert.equal(await staffPage.locator('.certificate-list tbody tr').count(), 1);

    // Trainee: transcript → certificate → PDF.
    const traineePage = await ctx.newPage();
    await logIn(traineePage, ctx.baseUrl, trainee.email);
    await traineePage.goto(`${ctx.baseUrl}/me/transcript`);
    assert.match(await traineePage.locator('.transcript').innerText(), /전고체 배터리 소재 분석/);
    await traineePage.locator('.transcript a[href^="/certificates/"]').click();
    assert.equal(await traineePage.locator('.certificate-name').innerText(), '정소연');
    await traineePage.screenshot({ path: screenshotPath('certificate'), fullPage: true });
    const [pdf] = await Promise.all([
      traineePage.waitForEvent('download'),
      traineePage.getByRole('link', { name: 'PDF 내려받기' }).click(),
    ]);
    assert.match(pdf.suggestedFilename(), /^BTH-PKNU-\d{4}-000001\.pdf$/);
    assert.equal(
      fs
        .readFileSync(await pdf.path())
        .subarray(0, 4)
        .toString(),
      '%PDF',
    );

    // Staff: the quarter's report.
    await staffPage.goto(`${ctx.baseUrl}/manage/reports`);
    await staffPage.locator('input[name=scope][value=quarter]').check();
    await staffPage.locator('select[name=quarter]').selectOption('2026-Q3');
    await staffPage.getByRole('button', { name: '미리 보기' }).click();
    assert.equal(await staffPage.locator('.report-preview .figure-totals [data-figure=completed]').innerText(), '1');
    await staffPage.getByRole('button', { name: '이 내용으로 제출' }).click();
    await staffPage.waitForURL(/\/manage\/reports\/[a-f0-9]{24}$/);
    assert.match(await staffPage.locator('.report-meta').innerText(), /제출됨/);

    // City: inbox → report → acknowledge → XLSX export.
    const cityPage = await ctx.newPage();
    await logIn(cityPage, ctx.baseUrl, city.email);
    await cityPage.goto(`${ctx.baseUrl}/city/reports`);
    await cityPage.getByRole('link', { name: '2026-Q3' }).click();
    assert.match(await cityPage.locator('.hash-check').innerText(), /일치/);
    await cityPage.getByRole('button', { name: '접수 확인' }).click();
    await cityPage.waitForSelector('.flash');
    assert.match(await cityPage.locator('.report-meta').innerText(), /접수 확인/);
    await cityPage.goto(`${ctx.baseUrl}/city`);
    await cityPage.screenshot({ path: screenshotPath('city-dashboard'), fullPage: true });
    const [xlsx] = await Promise.all([
      cityPage.waitForEvent('download'),
      cityPage.getByRole('link', { name: '엑셀(XLSX) 내려받기' }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const rows = workbook.getWorksheet('수강 내역')?.getSheetValues().filter(Boolean) ?? [];
    assert.equal(rows.length, 3, 'header and two enrollments');
    assert.ok(JSON.stringify(rows).includes('정소연'));
    assert.ok(!JSON.stringify(rows).includes('오결석'), 'a trainee without consent is not named');
    for (const p of [staffPage, traineePage, cityPage]) await p.context().close();
  });
});
