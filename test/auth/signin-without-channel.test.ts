import assert from 'node:assert/strict';
import { User } from '../../models/user';
import { changeChannel } from '../../server/db/change-channel';
import { notify } from '../../server/services/notifications/notices';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { commandsDuring } from '../support/commands';
import { make } from '../support/factories';
import { html } from '../support/html';

// With MONGODB_URI alone there is no PostgreSQL to listen on: every request reads as it always did.
describe('sign-in without a change channel', () => {
  const ctx = useTestApp({}, { monitorCommands: true, withoutPostgres: true });

  it('reads the session, the user and the unread count on every signed-in GET, and so sees every change', async () => {
    assert.equal(changeChannel.listening, false);
    const staff = await make.staff('yu', { name: '처음' });
    const { agent } = await loginAgent(ctx.app, staff.email);
    await agent.get('/manage').expect(200);
    const commands = await commandsDuring(() => agent.get('/manage').expect(200));
    assert.deepEqual(
      commands.filter((c) => ['find sessions', 'find users', 'find notifications'].includes(c)),
      ['find sessions', 'find users', 'find notifications'],
    );

    // Changes that announce nothing (no channel to announce them on) are seen all the same.
    await User.updateOne({ _id: staff._id }, { $set: { name: '나중' } });
    await notify(staff._id, 'approved', { titleKo: '과정', titleEn: 'Course' });
    const $ = html((await agent.get('/manage').expect(200)).text);
    assert.equal($('.user-name').text(), '나중');
    assert.equal($('.site-header .unread-badge').text(), '1');
    await User.updateOne({ _id: staff._id }, { $set: { active: false } });
    assert.equal((await agent.get('/manage')).status, 303);
  });
});
