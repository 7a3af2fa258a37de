import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { seoulInstant } from '../../server/lib/calendar';
import { clock as appClock } from '../../server/lib/clock';
import { useClock } from '../support/clock';
import { dayFromNow, defaultPassword, make } from '../support/factories';
import { screenshotPath, useBrowser } from './support';

async function fillLogin(page: Page, email: string) {
  await page.fill('#f-email', email);
  await page.fill('#f-password', defaultPassword);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('main button[type=submit]'),
  ]);
}

describe('browser: attendance on the day, on phones', () => {
  const ctx = useBrowser();
  const clock = useClock();

  it('staff call the roll with one tap per trainee and show the QR code; a trainee scans it, signs in and is checked in', async () => {
    const day = dayFromNow(2);
    const course = await make.course({
      university: 'handong',
      status: 'closed',
      days: [day],
      hours: { start: '10:00', end: '12:00' },
      title: { ko: '배터리 팩 BMS 실습', en: 'Battery pack BMS workshop' },
    });
    // Five minutes into the session.
    clock.advance(seoulInstant(day, '10:05').getTime() - appClock.now());
    const present = await make.trainee({ name: '한지우' });
    const scanner = await make.trainee({ name: '정하린' });
    const presentEnrollment = await make.enrollment(course, present);
    const scannerEnrollment = await make.enrollment(course, scanner);
    const lateEnrollment = await make.enrollment(course, await make.trainee({ name: '오늦음' }));
    const staff = await make.staff('handong');

    // Staff, on a phone: the course's roll-call link opens the session under way.
    const staffPage = await ctx.newPage({ phone: true });
    await staffPage.goto(`${ctx.baseUrl}/login`);
    await fillLogin(staffPage, staff.email);
    await staffPage.goto(`${ctx.baseUrl}/manage/courses/${course._id}/attendance`);
    await staffPage
      .getByRole('navigation', { name: '과정 관리 메뉴' })
      .getByRole('link', { name: '출석 부르기' })
      .click();
    await staffPage.waitForURL(`${ctx.baseUrl}/manage/courses/${String(course._id)}/roll-call`);
    const row = (enrollment: { _id: unknown }) => staffPage.locator(`#e-${String(enrollment._id)}`);
    const presentButton = row(presentEnrollment).getByRole('button', { name: '출석' });
    const box = await presentButton.boundingBox();
    assert.ok(box && box.height >= 48 && box.width >= 90, `a large tap target (${JSON.stringify(box)})`);
    const rollCallUrl = staffPage.url();
    // With the script, the tap is saved in place: the page stays where it is.
    await presentButton.tap();
    await row(presentEnrollment).locator('.roll-call-status', { hasText: '출석' }).waitFor();
    assert.equal(await presentButton.getAttribute('aria-pressed'), 'true');
    assert.equal(staffPage.url(), rollCallUrl, 'no reload');
    assert.match(await staffPage.locator('.roll-call-summary').innerText(), /기록 없는 교육생 2명/);
    await staffPage.screenshot({ path: screenshotPath('roll-call-phone'), fullPage: true });

    // Without it, the tap is a form post that comes back to the trainee's row.
    const plain = await ctx.browser.newContext({
      locale: 'ko-KR',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
    const plainPage = await plain.newPage();
    await plainPage.goto(`${ctx.baseUrl}/login`);
    await fillLogin(plainPage, staff.email);
    await plainPage.goto(rollCallUrl);
    await plainPage
      .locator(`#e-${String(lateEnrollment._id)}`)
      .getByRole('button', { name: '지각' })
      .tap();
    await plainPage.waitForURL(new RegExp(`#e-${String(lateEnrollment._id)}$`));
    assert.equal(await plainPage.locator(`#e-${String(lateEnrollment._id)} .roll-call-status`).innerText(), '지각');
    assert.match(await plainPage.locator('.flash').innerText(), /기록했습니다/);
    await plain.close();

    // The QR code for the trainees in the room.
    await staffPage.getByRole('link', { name: 'QR 코드 띄우기' }).click();
    const code = staffPage.locator('.check-in-code');
    await code.locator('svg').waitFor();
    const scanned = ctx.urlOf((await code.getAttribute('data-check-in-url'))!);
    await staffPage.screenshot({ path: screenshotPath('check-in-code-phone'), fullPage: true });

    // Trainee, signed out on their own phone: the scan goes through the login page and back.
    const traineePage = await ctx.newPage({ phone: true });
    await traineePage.goto(scanned);
    assert.match(new URL(traineePage.url()).pathname, /^\/login$/);
    await fillLogin(traineePage, scanner.email);
    assert.equal(new URL(traineePage.url()).pathname, '/check-in/resume');
    assert.match(await traineePage.locator('.check-in-message').innerText(), /출석 체크가 완료되었습니다: 출석/);
    await traineePage.screenshot({ path: screenshotPath('check-in-phone'), fullPage: true });

    // Back on the roll call, the scan shows as the trainee's own check-in.
    await staffPage.getByRole('link', { name: '출석 부르기로 돌아가기' }).click();
    assert.equal(await row(scannerEnrollment).locator('.roll-call-status').innerText(), '출석');
    assert.equal(await row(scannerEnrollment).locator('.badge').innerText(), 'QR 출석');
    assert.match(await staffPage.locator('.roll-call-summary').innerText(), /기록 없는 교육생 0명/);
    for (const p of [staffPage, traineePage]) await p.context().close();
  });
});
