import assert from 'node:assert/strict';
import { Notification } from '../../models/notification';
import { notify, notifyMany } from '../../server/services/notifications/notices';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';

const course = { titleKo: '전고체 전지', titleEn: 'Solid-state batteries' };

describe('notifications in the app', () => {
  const ctx = useTestApp();

  const badge = (page: string) => html(page)('.site-header .unread-badge').text();

  it('counts unread notices in the header, lists them on /me marked new, and marks them read there', async () => {
    const trainee = await make.trainee();
    await notify(trainee._id, 'approved', course, '/courses/1');
    await notify(trainee._id, 'cancelled', course, '/courses/1');
    const { agent } = await loginAgent(ctx.app, trainee.email);

    const catalog = await agent.get('/courses').expect(200);
    assert.equal(badge(catalog.text), '2');
    assert.equal(html(catalog.text)('.site-header a[href="/me"] .visually-hidden').text(), '(읽지 않은 알림 2건)');

    const me = await agent.get('/me').expect(200);
    assert.equal(badge(me.text), '', 'no badge on the page that lists them');
    const items = html(me.text)('.notification');
    assert.equal(items.length, 2);
    assert.deepEqual(items.map((_i, el) => html(me.text)(el).find('.new-badge').text()).get(), ['새 알림', '새 알림']);
    assert.match(items.first().text(), /「전고체 전지」 과정이 취소되었습니다/);

    assert.equal(badge((await agent.get('/courses').expect(200)).text), '');
    assert.equal(html((await agent.get('/me').expect(200)).text)('.notification .new-badge').length, 0);
    assert.equal(await Notification.countDocuments({ user: trainee._id, unread: true }), 0);
    assert.equal(await Notification.countDocuments({ user: trainee._id, readAt: { $exists: true } }), 2);
  });

  it('shows at most 9+, in English too', async () => {
    const trainee = await make.trainee();
    await notifyMany(
      Array.from({ length: 12 }, () => trainee._id),
      'promoted',
      course,
      '/courses/1',
    );
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const page = await agent.get('/courses?lang=en').expect(200);
    assert.equal(badge(page.text), '9+');
    assert.equal(html(page.text)('.site-header a[href="/me"] .visually-hidden').text(), '(Unread notifications: 9+)');
  });

  it('shows staff the count on the link to their notice list, which trainees do not have', async () => {
    const staff = await make.staff('knu');
    await notify(staff._id, 'approved', course);
    const { agent } = await loginAgent(ctx.app, staff.email);
    const $ = html((await agent.get('/manage').expect(200)).text);
    assert.equal($('.site-header a[href="/notifications"] .unread-badge').text(), '1');
    assert.equal($('.site-header a[href="/manage"] .unread-badge').length, 0);
    const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
    assert.equal(html((await trainee.agent.get('/courses').expect(200)).text)('a[href="/notifications"]').length, 0);
  });
});
