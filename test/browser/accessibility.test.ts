import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { tourRoles, useBrowser, useTour, walkTour, type TourVariant } from './support';

/** WCAG 2.2 A and AA, as axe-core tags them. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Best-practice rules run as well: landmark-unique found the course list's repeated menus (issue 10). */
const extraRules = ['landmark-unique'];
/** Both languages on a desktop, and Korean on a phone, where more tables scroll sideways. */
const variants: TourVariant[] = [
  ['ko 1280px', 'ko', { width: 1280, height: 900 }],
  ['en 1280px', 'en', { width: 1280, height: 900 }],
  ['ko 390px', 'ko', { width: 390, height: 844 }],
];
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page, one line per element: rule, what it says, and where. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, which the page's Content-Security-Policy (no inline script) does not block.
  await page.evaluate(axeSource);
  // Runs in the page; written as source text because the project compiles without the DOM types.
  return page.evaluate<string[]>(`(async () => {
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(wcagTags)} },
      rules: ${JSON.stringify(Object.fromEntries(extraRules.map((id) => [id, { enabled: true }])))},
      resultTypes: ['violations'],
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => v.id + ' (' + v.help + '): ' + n.target.join(' ')));
  })()`);
}

/**
 * Every main page of each role (the page tour, test/support/page-tour.ts: a page added there is
 * checked here too), in Korean and English, has no WCAG 2.2 A/AA violation that axe-core finds.
 */
describe('browser: accessibility (axe-core, WCAG 2.2 A/AA) of every main page, in both languages', () => {
  const ctx = useBrowser();
  const seeded = useTour();

  for (const role of tourRoles) {
    it(`finds no violation on the ${role} pages`, async function () {
      this.timeout(240_000);
      assert.deepEqual(await walkTour(ctx, seeded.tour, role, variants, violations), []);
    });
  }

  it('moves focus to the error summary after a refused submit, and its links reach the fields', async function () {
    this.timeout(60_000);
    const page = await ctx.newPage();
    await page.goto(`${ctx.baseUrl}/login`);
    await page.fill('#f-email', 'not-an-address');
    await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
    await page.waitForSelector('.form-errors');
    assert.equal(await page.evaluate<string>('document.activeElement.className'), 'form-errors');
    assert.deepEqual(await violations(page), [], 'the refused form is accessible too');
    await page.click('.form-errors a[href="#f-email"]');
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'f-email');
    await page.context().close();
  });
});
