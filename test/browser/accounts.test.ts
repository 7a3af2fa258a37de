import assert from 'node:assert/strict';
import { User } from '../../models/user';
import { defaultPassword, make } from '../support/factories';
import { outboxLink } from '../support/mail';
import { screenshotPath, useBrowser } from './support';

describe('browser: a trainee account', () => {
  const ctx = useBrowser();

  it('signs up in Korean from a course page, activates the account from the mail, logs out, logs in again and edits the profile', async () => {
    const course = await make.course({
      university: 'handong',
      title: { ko: '배터리 팩 설계', en: 'Battery pack design' },
    });
    const page = await ctx.newPage();
    const email = 'browser.trainee@example.kr';
    const password = 'pouch-cell-assembly';
    await page.goto(`${ctx.baseUrl}/courses/${String(course._id)}`);
    await page.getByRole('link', { name: '로그인하고 신청하기' }).click();
    await page.waitForURL(/\/login\?returnTo=/);
    await page.getByRole('main').getByRole('link', { name: '교육생 회원가입' }).click();
    await page.waitForURL(/\/register\?returnTo=/);
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
    await page.getByLabel('개인정보 수집·이용에 동의합니다').check();
    await page.screenshot({ path: screenshotPath('accounts-register-ko'), fullPage: true });
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.waitForURL(/\/register$/);
    assert.equal(await page.locator('h1').innerText(), '메일을 확인해 주세요');
    assert.match(await page.locator('main').innerText(), /browser\.trainee@example\.kr 주소로 안내 메일을 보냈습니다/);
    await page.screenshot({ path: screenshotPath('accounts-register-check-email-ko'), fullPage: true });

    await page.goto(ctx.urlOf(await outboxLink(email, 'activate')));
    assert.match(
      await page.locator('.lead').innerText(),
      /한배터리\(browser\.trainee@example\.kr\)님의 교육생 계정을 활성화합니다/,
    );
    await page.getByRole('button', { name: '계정 활성화하고 로그인' }).click();
    await page.waitForURL(`${ctx.baseUrl}/courses/${String(course._id)}`);
    assert.match(await page.locator('.flash').innerText(), /한배터리님, 가입을 환영합니다/);
    assert.equal(await page.locator('.user-name').innerText(), '한배터리');
    assert.equal(
      await page.getByRole('button', { name: '수강 신청' }).count(),
      1,
      'back on the course, ready to apply',
    );

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

describe('browser: a forgotten password, on a phone', () => {
  const ctx = useBrowser();

  it('asks for a reset link from the login page, sets a new password through it and logs in', async () => {
    const trainee = await make.trainee({ name: '윤리튬', email: 'phone.reset@example.kr' });
    const page = await ctx.newPage({ phone: true });
    await page.goto(`${ctx.baseUrl}/login`);
    await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
    await page.waitForURL(/\/password\/forgot$/);
    await page.getByLabel('이메일').fill(trainee.email);
    await page.screenshot({ path: screenshotPath('accounts-forgot-phone-ko'), fullPage: true });
    await page.getByRole('button', { name: '재설정 링크 받기' }).click();
    assert.equal(await page.locator('h1').innerText(), '메일을 확인해 주세요');

    await page.goto(ctx.urlOf(await outboxLink(trainee.email, 'passwordReset')));
    assert.match(await page.locator('.lead').innerText(), /윤리튬\(phone\.reset@example\.kr\)/);
    await page.locator('#f-password').fill('graphite-anode-slurry');
    await page.getByLabel('비밀번호 확인').fill('graphite-anode-slurry');
    await page.screenshot({ path: screenshotPath('accounts-reset-phone-ko'), fullPage: true });
    await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
    await page.waitForURL(/\/login$/);
    assert.match(await page.locator('.flash').innerText(), /비밀번호가 바뀌었습니다/);
    await page.getByLabel('이메일').fill(trainee.email);
    await page.getByLabel('비밀번호').fill('graphite-anode-slurry');
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL(/\/me$/);
    assert.equal(await page.locator('.user-name').innerText(), '윤리튬');
    await page.context().close();
  });
});

describe('browser: a staff account made by the city', () => {
  const ctx = useBrowser();

  it('creates a university-staff account, whose owner sets a password through the link and logs in', async () => {
    const city = await make.cityStaff({ name: '이도현' });
    const page = await ctx.newPage();
    await page.goto(`${ctx.baseUrl}/login?returnTo=%2Fcity%2Fstaff`);
    await page.getByLabel('이메일').fill(city.email);
    await page.getByLabel('비밀번호').fill(defaultPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL(/\/city\/staff$/);

    await page.getByRole('link', { name: '담당자 계정 만들기' }).click();
    await page.getByLabel('이름').fill('최포항');
    await page.getByLabel('이메일').fill('choi.staff@example.kr');
    await page.getByLabel('역할').selectOption('university_staff');
    await page.getByLabel('소속 대학').selectOption({ label: '한동대학교' });
    await page.getByRole('button', { name: '계정 만들기' }).click();
    const link = await page.locator('#set-password-link').inputValue();
    assert.match(link, /\/account\/set-password\/[\w-]{40,}$/);
    await page.getByRole('link', { name: '목록으로' }).click();
    assert.match(await page.locator('tr[data-email="choi.staff@example.kr"]').innerText(), /비밀번호 설정 대기/);
    await page.screenshot({ path: screenshotPath('accounts-staff-list-ko'), fullPage: true });

    const newcomer = await ctx.newPage();
    await newcomer.goto(ctx.urlOf(link));
    assert.match(await newcomer.locator('.lead').innerText(), /최포항/);
    await newcomer.locator('#f-password').fill('handong-green-energy');
    await newcomer.getByLabel('비밀번호 확인').fill('handong-green-energy');
    await newcomer.getByRole('button', { name: '비밀번호 설정' }).click();
    await newcomer.waitForURL(/\/login$/);
    assert.match(await newcomer.locator('.flash').innerText(), /비밀번호가 설정되었습니다/);
    await newcomer.getByLabel('이메일').fill('choi.staff@example.kr');
    await newcomer.getByLabel('비밀번호').fill('handong-green-energy');
    await newcomer.getByRole('button', { name: '로그인' }).click();
    await newcomer.waitForURL(/\/manage$/);
    assert.equal(await newcomer.locator('.user-name').innerText(), '최포항');
    await newcomer.context().close();

    for (const action of ['user.staff_create', 'user.password_set']) {
      await page.goto(`${ctx.baseUrl}/city/audit?action=${action}`);
      assert.equal(await page.locator('.audit-log tbody tr').count(), 1, action);
    }
    await page.screenshot({ path: screenshotPath('accounts-audit-log-ko'), fullPage: true });
    await page.context().close();
  });
});
