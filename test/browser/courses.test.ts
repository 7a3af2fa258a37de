import assert from 'node:assert/strict';
import { dayFromNow, make } from '../support/factories';
import { logIn, screenshotPath, useBrowser } from './support';

describe('browser: a course from creation to enrolment', () => {
  const ctx = useBrowser();

  it('staff create and publish a course; a trainee finds it with a filter, applies and sees it on /me', async () => {
    const staff = await make.staff('handong');
    const trainee = await make.trainee({ name: '최배터리' });

    const staffPage = await ctx.newPage();
    await logIn(staffPage, ctx.baseUrl, staff.email);
    await staffPage.getByRole('link', { name: '새 과정 만들기' }).click();
    await staffPage.getByLabel('과정 코드').fill('HG-BMS-77');
    await staffPage.getByLabel('과정명 (한국어)').fill('브라우저 BMS 실습');
    await staffPage.getByLabel('과정명 (영어)').fill('Browser BMS lab');
    await staffPage.getByLabel('분야').selectOption('pack_bms');
    await staffPage.getByLabel('운영 방식').selectOption('hybrid');
    await staffPage.getByLabel('장소', { exact: true }).fill('포항테크노파크');
    await staffPage.locator('input[name="sessions[0][date]"]').fill(dayFromNow(20));
    await staffPage.locator('input[name="sessions[0][start]"]').fill('09:00');
    await staffPage.locator('input[name="sessions[0][end]"]').fill('12:00');
    await staffPage.locator('input[name="sessions[0][topic]"]').fill('BMS 개요');
    await staffPage.getByLabel('신청 시작').fill(`${dayFromNow(-1)}T09:00`);
    await staffPage.getByLabel('신청 마감').fill(`${dayFromNow(10)}T18:00`);
    await staffPage.getByRole('button', { name: '저장' }).click();
    await staffPage.waitForURL(/\/manage\/courses\/[0-9a-f]{24}\/edit/);
    // Assert on the page itself, not the one-time flash: a concurrent request of the same session
    // (the browser's favicon fetch) can overwrite the session document on the embedded engine.
    assert.equal(await staffPage.locator('h1').innerText(), '교육과정 수정');
    assert.equal(await staffPage.locator('.lifecycle .course-status').innerText(), '작성 중');
    await staffPage.getByRole('button', { name: '게시하기' }).click();
    await staffPage.locator('.lifecycle .course-status', { hasText: '모집 중' }).waitFor();
    await staffPage.screenshot({ path: screenshotPath('manage-course-published'), fullPage: true });
    await staffPage.context().close();

    const page = await ctx.browser
      .newContext({ locale: 'ko-KR', viewport: { width: 390, height: 844 } })
      .then((c) => c.newPage());
    await logIn(page, ctx.baseUrl, trainee.email);
    await page.goto(`${ctx.baseUrl}/courses`);
    // On a phone the filters besides the search words are folded away.
    await page.locator('details.catalog-more > summary').click();
    await page.getByLabel('대학').selectOption('handong');
    await page.getByLabel('분야').selectOption('pack_bms');
    await page.getByRole('button', { name: '검색' }).click();
    await page.waitForURL(/university=handong/);
    assert.equal(await page.locator('.course-card').count(), 1);
    await page.screenshot({ path: screenshotPath('catalog-filtered-mobile'), fullPage: true });
    await page.getByRole('link', { name: /브라우저 BMS 실습/ }).click();
    await page.getByRole('button', { name: '수강 신청' }).click();
    await page.locator('.apply-state', { hasText: '수강이 확정' }).waitFor();

    await page.getByRole('link', { name: '나의 학습' }).click();
    await page.waitForURL(/\/me$/);
    assert.equal(await page.locator('[data-group=active] .course-title').innerText(), '브라우저 BMS 실습');
    assert.equal(await page.locator('.upcoming li').count(), 1);
    await page.screenshot({ path: screenshotPath('me-enrolled-mobile'), fullPage: true });
    await page.context().close();
  });

  it('adds session rows in place, twice, without a duplicate id, and an error in one comes back named on that row', async () => {
    const staff = await make.staff('handong');
    const page = await ctx.newPage();
    await logIn(page, ctx.baseUrl, staff.email);
    await page.goto(`${ctx.baseUrl}/manage/courses/new`);
    const rowsBefore = await page.locator('.session-row').count();
    await page.getByRole('button', { name: '일정 줄 추가' }).click();
    await page.getByRole('button', { name: '일정 줄 추가' }).click();
    assert.equal(await page.locator('.session-row').count(), rowsBefore + 2);
    assert.match(page.url(), /\/manage\/courses\/new$/, 'no round trip');
    const ids = await page.locator('[id]').evaluateAll((els) => els.map((el) => el.id));
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
      'every id on the page is unique',
    );
    const last = rowsBefore + 1;
    assert.equal(await page.locator(`#f-sessions-${last}-date`).getAttribute('name'), `sessions[${last}][date]`);
    // Each label still names its own input: the new row's date is reached by its label.
    await page.locator(`#f-sessions-${last}-date`).fill(dayFromNow(22));
    await page.locator(`#f-sessions-${last}-start`).fill('13:00');
    await page.locator(`#f-sessions-${last}-end`).fill('12:00');
    await page.getByLabel('과정 코드').fill('HG-ROWS-1');
    await page.getByLabel('과정명 (한국어)').fill('줄 추가 과정');
    await page.getByLabel('과정명 (영어)').fill('Rows course');
    await page.getByLabel('장소', { exact: true }).fill('포항테크노파크');
    await page.getByLabel('신청 시작').fill(`${dayFromNow(-1)}T09:00`);
    await page.getByLabel('신청 마감').fill(`${dayFromNow(10)}T18:00`);
    await page.getByRole('button', { name: '저장' }).click();
    // The added row's error comes back on that row, linked and named from the summary.
    const link = page.locator('.form-errors .error-links a').first();
    await link.waitFor();
    assert.match(await link.innerText(), /회차\(.+ 13:00\) 종료/);
    await link.click();
    assert.equal(await page.evaluate<string>('document.activeElement.id'), `f-sessions-0-end`);
    await page.context().close();
  });
});
