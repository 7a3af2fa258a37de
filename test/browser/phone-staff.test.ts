import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { docsImagePath, logIn, screenshotPath, useBrowser, useTour } from './support';

/** Issue 21, item 17: the staff pages and the catalog on a 390 × 844 phone. */
const phone = { width: 390, height: 844 };

// Each runs in the page; written as source text because the project compiles without the DOM types.
const pageWidth = (page: Page) =>
  page.evaluate<{ scroll: number; client: number }>(
    `({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })`,
  );
const heightOf = (page: Page, selector: string) =>
  page.evaluate<number>(`document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect().height`);
/** Elements of `selector` that are not wholly on screen from left to right. */
const offScreen = (page: Page, selector: string) =>
  page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((el) => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > document.documentElement.clientWidth; })
    .map((el) => el.textContent.trim())`);
/**
 * The size each chart text is drawn at, in CSS pixels: its font size, times the scale of an SVG
 * around it (an SVG drawn narrower than its viewBox shrinks its text).
 */
const chartTextSizes = (page: Page) =>
  page.evaluate<
    { text: string; px: number }[]
  >(`[...document.querySelectorAll('.chart .chart-label, .chart .chart-value')]
    .map((el) => {
      const svg = el.closest('svg');
      const scale = svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
      return { text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * scale };
    })`);

describe('browser: staff pages and the catalog on a phone (390 px)', () => {
  const ctx = useBrowser();
  const seeded = useTour();

  async function phonePage(role?: 'staff' | 'city') {
    const page = await ctx.newPage({ phone: true });
    if (role) await logIn(page, ctx.baseUrl, seeded.tour.emails[role], seeded.tour.password);
    return page;
  }
  const roster = () => seeded.tour.pages.staff.find(([name]) => name === 'roster')![1];

  it('shows the roster as cards that fit, its action bar takes no room until a row is ticked, and select-all works by keyboard', async function () {
    this.timeout(60_000);
    const page = await phonePage('staff');
    for (const lang of ['en', 'ko']) {
      await page.goto(`${ctx.baseUrl}${roster()}?lang=${lang}`);
      const width = await pageWidth(page);
      assert.ok(
        width.scroll <= width.client,
        `${lang}: the page is ${width.scroll}px wide on a ${width.client}px screen`,
      );
      assert.deepEqual(await offScreen(page, 'table.roster tbody tr'), [], `${lang}: every row card is on screen`);
    }
    assert.equal(page.viewportSize()?.width, phone.width);
    const rows = page.locator('table.roster input[name=ids]');
    const count = await rows.count();
    assert.ok(count >= 3, 'the tour roster has several rows');

    assert.equal(await heightOf(page, '.roster-actions'), 0, 'nothing ticked: the sticky bar takes no room');
    await page.screenshot({ path: screenshotPath('phone-roster-nothing-ticked'), fullPage: true });

    // Select-all by keyboard: focus it and press Space; the status line says how many are ticked.
    const all = page.getByRole('checkbox', { name: '모두 선택' });
    await all.focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < count; i++) assert.ok(await rows.nth(i).isChecked(), `row ${i} ticked`);
    const status = page.locator('.select-all [role=status]');
    assert.equal(await status.innerText(), `${count}명 선택됨`);
    assert.ok((await heightOf(page, '.roster-actions')) > 0, 'ticked rows bring the bar back');
    const approve = (await page.getByRole('button', { name: '선택 승인' }).boundingBox())!;
    assert.ok(approve.y >= 0 && approve.y + approve.height <= phone.height, 'and it is on screen');
    await page.screenshot({ path: screenshotPath('phone-roster-all-ticked') });

    // One row unticked: select-all is "mixed" (what a screen reader announces), and the count follows.
    await rows.first().uncheck();
    assert.equal(await page.evaluate<boolean>(`document.querySelector('.select-all input').indeterminate`), true);
    assert.equal(await status.innerText(), `${count - 1}명 선택됨`);
    await all.focus();
    await page.keyboard.press('Space');
    assert.ok(await rows.first().isChecked());
    await page.keyboard.press('Space');
    for (let i = 0; i < count; i++) assert.ok(!(await rows.nth(i).isChecked()), `row ${i} cleared`);
    assert.equal(await status.innerText(), '');
    assert.equal(await heightOf(page, '.roster-actions'), 0);

    await page.goto(`${ctx.baseUrl}${roster()}?lang=en`);
    assert.equal(await page.getByRole('checkbox', { name: 'Select all' }).count(), 1);
    await page.getByRole('checkbox', { name: 'Select all' }).check();
    assert.equal(await page.locator('.select-all [role=status]').innerText(), `${count} selected`);
    await page.context().close();
  });

  it("keeps every course's actions on screen in the manage list", async function () {
    this.timeout(60_000);
    const page = await phonePage('staff');
    for (const lang of ['ko', 'en']) {
      await page.goto(`${ctx.baseUrl}/manage?lang=${lang}`);
      const width = await pageWidth(page);
      assert.ok(width.scroll <= width.client, `${lang}: the page is ${width.scroll}px wide`);
      const links = page.locator('table.manage-courses .course-actions a');
      assert.ok((await links.count()) > 3);
      assert.deepEqual(await offScreen(page, 'table.manage-courses .course-actions a'), [], lang);
      await page.screenshot({ path: screenshotPath(`phone-manage-${lang}`), fullPage: true });
    }
    // Reachable means usable: the first course's roster link opens its roster.
    await page.locator('table.manage-courses .course-actions a', { hasText: 'Roster' }).first().click();
    await page.waitForURL(/\/roster$/);
    await page.context().close();
  });

  it('draws the city dashboard charts with labels of at least 12 px, on a page that fits', async function () {
    this.timeout(60_000);
    const page = await phonePage('city');
    for (const lang of ['ko', 'en']) {
      await page.goto(`${ctx.baseUrl}/city?lang=${lang}`);
      const width = await pageWidth(page);
      assert.ok(width.scroll <= width.client, `${lang}: the page is ${width.scroll}px wide`);
      const sizes = await chartTextSizes(page);
      assert.ok(sizes.length >= 8, `${lang}: the charts have labels`);
      assert.deepEqual(
        sizes.filter((s) => s.px < 12),
        [],
        `${lang}: chart texts drawn under 12px`,
      );
      assert.deepEqual(await offScreen(page, '.chart .chart-label, .chart .chart-value'), [], lang);
      await page.screenshot({ path: screenshotPath(`phone-city-dashboard-${lang}`), fullPage: true });
    }
    await page.context().close();

    // The README's picture of the dashboard, on a desktop in Korean.
    const desktop = await ctx.newPage();
    await logIn(desktop, ctx.baseUrl, seeded.tour.emails.city, seeded.tour.password);
    await desktop.goto(`${ctx.baseUrl}/city?lang=ko`);
    assert.ok((await chartTextSizes(desktop)).length >= 8, 'the dashboard has its charts');
    await desktop.screenshot({ path: docsImagePath('city-dashboard') });
    await desktop.context().close();
  });

  it("folds the catalog's filters on a phone, so the first result starts on the first screen; a desktop shows them", async function () {
    this.timeout(60_000);
    const page = await phonePage();
    for (const lang of ['ko', 'en']) {
      await page.goto(`${ctx.baseUrl}/courses?lang=${lang}`);
      const first = (await page.locator('.course-list .course-card').first().boundingBox())!;
      assert.ok(first.y + 40 < phone.height, `${lang}: the first result starts at ${first.y}px`);
      assert.equal(await page.locator('details.catalog-more').getAttribute('open'), null);
      assert.ok(await page.locator('#f-q').isVisible(), 'the search box stays out of the fold');
      assert.ok(!(await page.locator('#f-track').isVisible()));
    }
    await page.screenshot({ path: screenshotPath('phone-catalog-folded') });
    // The README's picture of the catalog on a phone: the first screen, in Korean.
    await page.goto(`${ctx.baseUrl}/courses?lang=ko`);
    await page.screenshot({ path: docsImagePath('catalog-phone') });

    // The fold opens with a tap, and the filters work; the summary then says how many apply.
    await page.goto(`${ctx.baseUrl}/courses?lang=ko`);
    await page.locator('details.catalog-more > summary').click();
    await page.getByLabel('분야').selectOption('materials');
    await page.getByLabel('지금 신청 가능한 과정만').check();
    await page.getByRole('button', { name: '검색' }).click();
    await page.waitForURL(/track=materials/);
    assert.equal(await page.locator('details.catalog-more > summary').innerText(), '필터와 정렬 (2개 적용 중)');
    await page.context().close();

    const desktop = await ctx.newPage();
    await desktop.goto(`${ctx.baseUrl}/courses?lang=en`);
    assert.equal(await desktop.locator('details.catalog-more').getAttribute('open'), '');
    assert.ok(await desktop.locator('#f-track').isVisible(), 'a desktop shows the filters open');
    assert.equal(await desktop.locator('details.catalog-more > summary').innerText(), 'Filters and sort');
    await desktop.context().close();
  });
});
