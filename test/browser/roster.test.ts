import assert from 'node:assert/strict';
import { Enrollment } from '../../models/enrollment';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { defaultPassword, make } from '../support/factories';
import { screenshotPath, useBrowser } from './support';

describe('browser: the roster on a phone', () => {
  const ctx = useBrowser();

  it('staff tick applicants on a long roster and approve them from the action bar, which stays on screen', async () => {
    const staff = await make.staff('yu');
    const course = await make.course({
      university: 'yu',
      approvalRequired: true,
      title: { ko: '폰 승인 실습', en: 'Phone approvals' },
    });
    const applicants = [];
    for (let i = 1; i <= 12; i++) {
      const trainee = await make.trainee({ name: `신청자${String(i).padStart(2, '0')}` });
      applicants.push(await applyToCourse(toActor(trainee), String(course._id)));
    }

    const page = await ctx.newPage({ phone: true });
    await page.goto(`${ctx.baseUrl}/login`);
    await page.getByLabel('이메일').fill(staff.email);
    await page.getByLabel('비밀번호').fill(defaultPassword);
    await page.getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto(`${ctx.baseUrl}/manage/courses/${String(course._id)}/roster`);

    // The roster is longer than the screen; the bulk buttons take no room until a row is ticked, then stay in view.
    const viewport = page.viewportSize()!;
    const table = (await page.locator('table.roster').boundingBox())!;
    assert.ok(table.y + table.height > viewport.height, 'the roster runs past the screen');
    const approve = page.getByRole('button', { name: '선택 승인' });
    const onScreen = async () => {
      const box = (await approve.boundingBox())!;
      return box.y >= 0 && box.y + box.height <= viewport.height;
    };
    assert.equal(await page.locator('.roster-actions').isVisible(), false, 'no action bar while nothing is ticked');

    await page.getByLabel('신청자01 선택').check();
    assert.ok(await onScreen(), 'the action bar is on screen at the top of the roster once a row is ticked');
    await page.getByLabel('신청자02 선택').check();
    await page.getByLabel('신청자07 선택').check();
    assert.ok(await onScreen(), 'and still while scrolling through the rows');
    await page.getByLabel('사유 또는 메모 (선택)').fill('첫날 안전교육 필수');
    await page.screenshot({ path: screenshotPath('roster-bulk-phone') });
    await approve.click();

    await page.locator('.bulk-report').waitFor();
    assert.equal(await page.locator('.bulk-report h2').innerText(), '3명 승인');
    const status = (name: string) => page.locator('table.roster tr', { hasText: name }).locator('.status').innerText();
    assert.equal(await status('신청자07'), '수강 확정');
    assert.equal(await status('신청자03'), '승인 대기');
    assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'enrolled' }), 3);
    await page.screenshot({ path: screenshotPath('roster-bulk-phone-report'), fullPage: true });
  });
});
