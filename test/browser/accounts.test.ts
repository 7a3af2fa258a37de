import assert from 'node:assert/strict';
import { User } from '../../models/user';
import { screenshotPath, useBrowser } from './support';

describe('browser: a trainee account', () => {
  const ctx = useBrowser();

  it('signs up in Korean, logs out, logs in again and edits the profile', async () => {
    const page = await ctx.newPage();
    const email = 'browser.trainee@example.kr';
    const password = 'pouch-cell-assembly';
    await page.goto(`${ctx.baseUrl}/`);
    await page.getByRole('link', { name: '회원가입' }).click();
    await page.waitForURL(/\/register$/);
    assert.equal(await page.locator('h1').innerText(), '교육생 회원가입');

    await page.getByLabel('이름').fill('한배터리');
    await page.getByLabel('이메일').fill(email);
    await page.locator('#f-password').fill(password);
    await page.getByLabel('비밀번호 확인').fill(password);
    await page.getByLabel('교육생 구분').selectOption('job_seeker');
    await page.getByLabel('소속').fill('포항시 북구');
    await page.getByLabel('포항시에 거주하고 있습니다').check();
    assert.equal(await page.getByLabel('위 내용에 동의합니다').isChecked(), false);
    await page.getByLabel('위 내용에 동의합니다').check();
    await page.screenshot({ path: screenshotPath('accounts-register-ko'), fullPage: true });
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.waitForURL(`${ctx.baseUrl}/`);
    assert.match(await page.locator('.flash').innerText(), /한배터리님, 가입을 환영합니다/);
    assert.equal(await page.locator('.user-name').innerText(), '한배터리');

    await page.getByRole('button', { name: '로그아웃' }).click();
    await page.waitForURL(`${ctx.baseUrl}/`);
    assert.equal(await page.locator('.user-name').count(), 0);

    await page.goto(`${ctx.baseUrl}/me/profile`);
    await page.waitForURL(/\/login\?returnTo=%2Fme%2Fprofile/);
    await page.getByLabel('이메일').fill(email);
    await page.getByLabel('비밀번호').fill(password);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL(/\/me\/profile$/);
    assert.equal(await page.locator('h1').innerText(), '내 프로필');
    assert.equal(await page.getByLabel('위 내용에 동의합니다').isChecked(), true);

    await page.getByLabel('이름').fill('한배터리2');
    await page.getByLabel('교육생 구분').selectOption('employee');
    await page.getByLabel('위 내용에 동의합니다').uncheck();
    await page.getByRole('button', { name: '저장' }).click();
    await page.waitForURL(/\/me\/profile$/);
    assert.equal(await page.locator('.flash').innerText(), '프로필이 저장되었습니다.');
    assert.equal(await page.locator('.user-name').innerText(), '한배터리2');
    assert.equal(await page.getByLabel('교육생 구분').inputValue(), 'employee');
    await page.screenshot({ path: screenshotPath('accounts-profile-ko'), fullPage: true });

    const user = await User.findOne({ email }).lean();
    assert.equal(user?.trainee?.namedReportingConsent, false);
    assert.ok(user?.trainee?.namedReportingConsentWithdrawnAt);
    await page.context().close();
  });
});
