import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seedTour, type Tour, type TourRole } from '../support/page-tour';
import { logIn, screenshotPath, useBrowser } from './support';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
/** Korean on both sizes; English on the phone too, where its longer words are likeliest to overflow. */
const variants = [
  ['phone', 'ko', phone],
  ['desktop', 'ko', desktop],
  ['phone-en', 'en', phone],
] as const;

/**
 * Tables a phone would squeeze (not inside `.table-wrap`), whether the page scrolls sideways at the
 * window's width, and the likely culprits: elements past the right edge that no scrolling wrapper
 * clips (outside `.table-wrap`, or absolutely positioned).
 */
function overflow(page: Page): Promise<string[]> {
  // Runs in the page; written as source text because the project compiles without the DOM types.
  return page.evaluate<string[]>(`(() => {
    const unwrapped = [...document.querySelectorAll('main table')].filter((t) => !t.closest('.table-wrap')).map((t) => 'table.' + t.className + ' outside .table-wrap');
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return unwrapped;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1 && (!el.closest('.table-wrap') || getComputedStyle(el).position === 'absolute'))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' (' + Math.round(el.getBoundingClientRect().right) + 'px)');
    return [...unwrapped, 'page is ' + document.documentElement.scrollWidth + 'px wide', ...culprits];
  })()`);
}

describe('browser: every main page as each role sees it, on a phone and on a desktop', () => {
  const ctx = useBrowser();
  let tour: Tour;

  before(async function () {
    this.timeout(120_000);
    tour = await seedTour();
  });

  for (const role of ['visitor', 'trainee', 'staff', 'city'] as const satisfies readonly TourRole[]) {
    it(`shows ${role} pages without sideways scrolling, every table in a scrolling wrapper`, async function () {
      this.timeout(180_000);
      const page = await ctx.newPage();
      if (role !== 'visitor') await logIn(page, ctx.baseUrl, tour.emails[role], tour.password);
      const problems: string[] = [];
      for (const [name, path] of tour.pages[role]) {
        for (const [variant, lang, viewport] of variants) {
          await page.setViewportSize(viewport);
          const res = await page.goto(`${ctx.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.equal(res?.status(), 200, path);
          await page.screenshot({ path: screenshotPath(`tour-${role}-${name}-${variant}`), fullPage: true });
          for (const item of await overflow(page)) problems.push(`${variant} ${path}: ${item}`);
        }
      }
      await page.context().close();
      assert.deepEqual(problems, []);
    });
  }
});
