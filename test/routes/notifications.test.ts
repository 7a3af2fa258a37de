import assert from 'node:assert/strict';
import request from 'supertest';
import { CompletionReport } from '../../models/completion-report';
import { Notification } from '../../models/notification';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { useCompletionCourse } from '../support/completion-course';
import { make } from '../support/factories';
import { html, texts } from '../support/html';

describe('staff notices (/notifications)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'completed');

  const badge = (page: string) => html(page)('.site-header a[href="/notifications"] .unread-badge').text();

  it('tells the staff member who submitted a report that the city returned it, and marks it read once listed', async () => {
    const submitted = await c.submitQuarterReport();
    const id = submitted.headers.location!.split('/').pop()!;
    await c.city.agent
      .post(`/city/reports/${id}/return`)
      .type('form')
      .send({ _csrf: c.city.csrf, note: '수료 인원 재확인 필요' })
      .expect(303);
    const colleague = await loginAgent(ctx.app, (await make.staff('postech')).email);

    assert.equal(badge((await c.staff.agent.get('/manage').expect(200)).text), '1');
    const page = await c.staff.agent.get('/notifications').expect(200);
    const $ = html(page.text);
    assert.equal($('h1').text(), '알림');
    assert.equal(badge(page.text), '', 'no badge on the page that lists them');
    assert.equal($('.site-header a[href="/notifications"]').attr('aria-current'), 'page');
    const notice = $('.notification[data-kind=reportReturned]');
    assert.equal(notice.find('.new-badge').text(), '새 알림');
    assert.match(
      notice.text(),
      /포항시가 「2026-Q3」 수료 보고서\(버전 1\)를 반려했습니다\. 사유: 수료 인원 재확인 필요/,
    );
    assert.equal(notice.find('a').attr('href'), `/manage/reports/${id}`);
    assert.equal(await Notification.countDocuments({ kind: 'reportReturned', unread: true }), 0);
    assert.equal(await Notification.countDocuments({ kind: 'reportReturned' }), 1, 'the submitter only');

    const en = await c.staff.agent.get('/notifications?lang=en').expect(200);
    await c.staff.agent.get('/?lang=ko');
    assert.equal(html(en.text)('h1').text(), 'Notifications');
    assert.deepEqual(texts(en.text, '.notification .new-badge'), [], 'read now');
    assert.match(
      html(en.text)('.notification').text(),
      /Pohang City returned the completion report “2026-Q3” \(version 1\)\. Reason: 수료 인원 재확인 필요/,
    );

    const others = html((await colleague.agent.get('/notifications').expect(200)).text);
    assert.equal(others('.notification').length, 0, 'a colleague sees only their own');
    assert.match(others('main').text(), /새 알림이 없습니다\./);
  });

  it('tells city staff of each submitted report, on their own list, and asks a visitor to log in', async () => {
    const report = await CompletionReport.findOne({ period: '2026-Q3' }).lean();
    assert.equal(badge((await c.city.agent.get('/city').expect(200)).text), '1');
    const page = await c.city.agent.get('/notifications').expect(200);
    assert.deepEqual(texts(page.text, '.notification a'), [
      '포스텍에서 「2026-Q3」 수료 보고서(버전 1)를 제출했습니다. 검토해 주세요.',
    ]);
    assert.equal(html(page.text)('.notification a').attr('href'), `/city/reports/${String(report!._id)}`);
    const visitor = await request(ctx.app).get('/notifications').expect(303);
    assert.match(visitor.headers.location ?? '', /^\/login\?returnTo=%2Fnotifications$/);
  });
});
