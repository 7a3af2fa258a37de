import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { rootDir } from '../../server/paths';
import { useTestApp, type TestContext } from '../support/app';
import { defaultPassword } from '../support/factories';
import { seedTour, type Tour, type TourRole } from '../support/page-tour';

export const artifactsDir = path.join(rootDir, 'test-artifacts');

export interface BrowserContext extends TestContext {
  baseUrl: string;
  browser: Browser;
  newPage(options?: { phone?: boolean }): Promise<Page>;
  /** A link the app wrote on BASE_URL (a mail's), opened on this test server. */
  urlOf(link: string): string;
}

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** The real app listening on a free loopback port, and Debian's Chromium, headless. */
export function useBrowser(): BrowserContext {
  const ctx = useTestApp() as BrowserContext;
  let server: ReturnType<TestContext['app']['listen']> | undefined;
  before(async function () {
    this.timeout(60_000);
    server = ctx.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server!.once('listening', resolve));
    ctx.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ctx.browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    ctx.newPage = async ({ phone = false } = {}) => {
      const viewport = phone ? { width: 390, height: 844 } : { width: 1280, height: 900 };
      const context = await ctx.browser.newContext({ locale: 'ko-KR', viewport, isMobile: phone, hasTouch: phone });
      return context.newPage();
    };
    ctx.urlOf = (link) => {
      const url = new URL(link, ctx.config.baseUrl);
      return `${ctx.baseUrl}${url.pathname}${url.search}`;
    };
    fs.mkdirSync(artifactsDir, { recursive: true });
  });
  after(async () => {
    await ctx.browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return ctx;
}

export function screenshotPath(name: string): string {
  return path.join(artifactsDir, `${name}.png`);
}

/**
 * Where a screenshot the README shows is written (docs/images, committed): the browser run that
 * draws the page keeps the picture current.
 */
export function docsImagePath(name: string): string {
  const dir = path.join(rootDir, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}

/** Signs in through the login form and waits until the app has left it. */
export async function logIn(page: Page, baseUrl: string, email: string, password = defaultPassword): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type=submit]'),
  ]);
}

export const tourRoles = ['visitor', 'trainee', 'staff', 'city'] as const satisfies readonly TourRole[];

/** The page tour's accounts and pages (test/support/page-tour.ts), seeded before the suite's tests. */
export function useTour(): { tour: Tour } {
  const seeded = {} as { tour: Tour };
  before(async function () {
    this.timeout(120_000);
    seeded.tour = await seedTour();
  });
  return seeded;
}

/** One way of seeing every tour page: a label for reports and file names, the language, the window. */
export type TourVariant = readonly [label: string, lang: 'ko' | 'en', viewport: { width: number; height: number }];

/**
 * Signs in as `role` (a visitor stays signed out) and opens each of its tour pages in each
 * variant, asserting it answers 200; `check` returns what is wrong with the page, one line each.
 * Returns every problem found, prefixed with the variant and the path.
 */
export async function walkTour(
  ctx: BrowserContext,
  tour: Tour,
  role: TourRole,
  variants: readonly TourVariant[],
  check: (page: Page, name: string, label: string) => Promise<string[]>,
): Promise<string[]> {
  const page = await ctx.newPage();
  if (role !== 'visitor') await logIn(page, ctx.baseUrl, tour.emails[role], tour.password);
  const problems: string[] = [];
  for (const [name, path] of tour.pages[role]) {
    for (const [label, lang, viewport] of variants) {
      await page.setViewportSize(viewport);
      const res = await page.goto(`${ctx.baseUrl}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      assert.equal(res?.status(), 200, path);
      for (const problem of await check(page, name, label)) problems.push(`${label} ${path}: ${problem}`);
    }
  }
  await page.context().close();
  return problems;
}
