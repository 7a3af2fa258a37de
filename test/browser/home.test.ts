import assert from 'node:assert/strict';
import { screenshotPath, useBrowser } from './support';

describe('browser: first visit', () => {
  const ctx = useBrowser();

  it('opens the home page in Korean, switches to English and opens a university', async () => {
    const page = await ctx.newPage();
    await page.goto(`${ctx.baseUrl}/`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.locator('.partner-list .partner-name').count(), 8);
    assert.match(await page.locator('h1').innerText(), /이차전지/);

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    await page.getByRole('link', { name: /Handong Global University/ }).click();
    await page.waitForURL(/\/universities\/handong/);
    assert.equal(await page.locator('h1').innerText(), 'Handong Global University');
    assert.match(await page.locator('.centre-name').innerText(), /Green Energy & E-Mobility ICC/);
    await page.screenshot({ path: screenshotPath('university-handong-en'), fullPage: true });
    await page.context().close();
  });
});
