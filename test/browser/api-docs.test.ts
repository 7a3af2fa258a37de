import assert from 'node:assert/strict';
import { useBrowser } from './support';

describe('browser: the API reference', () => {
  const ctx = useBrowser();

  it('draws the reference from the OpenAPI document under the app’s CSP, with nothing fetched from elsewhere', async () => {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(ctx.baseUrl) && !req.url().startsWith('data:')) problems.push(`outside: ${req.url()}`);
    });
    await page.goto(`${ctx.baseUrl}/api/docs?lang=en`);
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/courses' }).first().waitFor();
    assert.ok((await page.locator('.opblock').count()) >= 4, 'every operation is listed');
    assert.deepEqual(problems, [], 'no CSP refusal or other error');
    await page.context().close();
  });
});
