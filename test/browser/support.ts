import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../../server/db/embedded-engine';
import { rootDir } from '../../server/paths';
import { useTestApp, type TestContext } from '../support/app';

export const artifactsDir = path.join(rootDir, 'test-artifacts');

export interface BrowserContext extends TestContext {
  baseUrl: string;
  browser: Browser;
  newPage(): Promise<Page>;
}

function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** The real app listening on a free loopback port, and Debian's Chromium, headless. */
export function useBrowser(): BrowserContext {
  // The port is chosen before the app is made, so that its BASE_URL (links it builds) is where it listens.
  const env: Record<string, string> = {};
  before(async () => {
    env.PORT = String(await freePort());
    env.BASE_URL = `http://127.0.0.1:${env.PORT}`;
  });
  const ctx = useTestApp(env) as BrowserContext;
  let server: ReturnType<TestContext['app']['listen']> | undefined;
  before(async function () {
    this.timeout(60_000);
    server = ctx.app.listen(Number(env.PORT), '127.0.0.1');
    await new Promise<void>((resolve) => server!.once('listening', resolve));
    ctx.baseUrl = ctx.config.baseUrl;
    ctx.browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    ctx.newPage = async () => {
      const context = await ctx.browser.newContext({ locale: 'ko-KR', viewport: { width: 1280, height: 900 } });
      return context.newPage();
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
