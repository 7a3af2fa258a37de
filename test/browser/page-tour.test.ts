import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshotPath, tourRoles, useBrowser, useTour, walkTour, type TourVariant } from './support';

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
/** Korean on both sizes; English on the phone too, where its longer words are likeliest to overflow. */
const variants: TourVariant[] = [
  ['phone', 'ko', phone],
  ['desktop', 'ko', desktop],
  ['phone-en', 'en', phone],
];

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
  const seeded = useTour();

  for (const role of tourRoles) {
    it(`shows ${role} pages without sideways scrolling, every table in a scrolling wrapper`, async function () {
      this.timeout(180_000);
      const problems = await walkTour(ctx, seeded.tour, role, variants, async (page, name, label) => {
        await page.screenshot({ path: screenshotPath(`tour-${role}-${name}-${label}`), fullPage: true });
        return overflow(page);
      });
      assert.deepEqual(problems, []);
    });
  }
});
