import assert from 'node:assert/strict';
import pg from 'pg';
import request from 'supertest';
import { User } from '../../models/user';
import type { SessionData } from 'express-session';
import { rememberedActor, userChanged } from '../../server/auth/signin-memory';
import { changeChannel, listenerName } from '../../server/db/change-channel';
import { setStaffActive } from '../../server/services/accounts/staff';
import { notify } from '../../server/services/notifications/notices';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { commandsDuring, countOf, type CommandName } from '../support/commands';
import { actorOf, defaultPassword, make, universityId } from '../support/factories';
import { html } from '../support/html';

/** The reads every signed-in request made before: its session, its user and (GET) its unread count. */
const signInReads = (commands: CommandName[]) =>
  commands.filter((c) => ['find sessions', 'find users', 'find notifications'].includes(c));

/** Waits for the change channel to be `listening` or not: its connection's events arrive on their own time. */
async function channelBecomes(listening: boolean) {
  for (const deadline = Date.now() + 10_000; changeChannel.listening !== listening;) {
    if (Date.now() > deadline) throw new Error(`the change channel is not ${listening ? 'up' : 'down'} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sign-in from memory', () => {
  const ctx = useTestApp({}, { monitorCommands: true });
  const course = { titleKo: '전고체 전지', titleEn: 'Solid-state batteries' };
  const badge = (page: string) => html(page)('.site-header .unread-badge').text();

  it('serves a signed-in page without reading its session, user or unread count once they are held', async () => {
    const trainee = await make.trainee();
    const { agent } = await loginAgent(ctx.app, trainee.email);
    await agent.get('/me/profile').expect(200);
    const commands = await commandsDuring(() => agent.get('/me/profile').expect(200));
    assert.deepEqual(signInReads(commands), ['find users'], 'only the profile page reads its user');
  });

  it("keeps a user's copy read while another user changed, and not one read while the same user changed", async () => {
    const [one, other] = await Promise.all([make.trainee(), make.trainee()]);
    const session = { cookie: { expires: new Date(Date.now() + 3_600_000) } } as SessionData;
    let reads = 0;
    const readWhile = (changed: string) => async (id: string) => {
      reads += 1;
      await userChanged(changed);
      return actorOf({ _id: id });
    };
    await rememberedActor(session, String(one._id), readWhile(String(other._id)));
    await rememberedActor(session, String(one._id), readWhile(String(other._id)));
    assert.equal(reads, 1, "another user's change during the read did not stop the copy from being kept");
    reads = 0;
    await rememberedActor(session, String(other._id), readWhile(String(other._id)));
    await rememberedActor(session, String(other._id), readWhile(String(one._id)));
    assert.equal(reads, 2, 'a change of the same user during the read did');
  });

  it('shows a role change at once, and ends the session of a deactivated account', async () => {
    const staff = await make.staff('postech');
    const { agent } = await loginAgent(ctx.app, staff.email);
    await agent.get('/manage').expect(200);
    await User.updateOne({ _id: staff._id }, { $set: { role: 'trainee', trainee: { category: 'employee' } } });
    await userChanged(staff._id);
    await agent.get('/manage').expect(403);
    await agent.get('/me').expect(200);

    const other = await make.staff('knu');
    const signedIn = await loginAgent(ctx.app, other.email);
    await signedIn.agent.get('/manage').expect(200);
    await setStaffActive(await actorOf(await make.cityStaff()), String(other._id), false);
    const ended = await signedIn.agent.get('/manage');
    assert.equal(ended.status, 303);
    assert.match(String(ended.headers.location), /^\/login/);
  });

  it('shows a profile change in the header at once', async () => {
    const staff = await make.staff('knu', { name: '이전 이름' });
    const { agent, csrf } = await loginAgent(ctx.app, staff.email);
    assert.equal(html((await agent.get('/manage').expect(200)).text)('.user-name').text(), '이전 이름');
    await agent.post('/me/profile').type('form').send({ _csrf: csrf, name: '새 이름', locale: 'ko' }).expect(303);
    assert.equal(html((await agent.get('/manage').expect(200)).text)('.user-name').text(), '새 이름');
    await User.updateOne({ _id: staff._id }, { $set: { university: await universityId('postech') } });
    await userChanged(staff._id);
    await agent.get('/manage').expect(200);
  });

  it('counts a new notice in the badge at once, and none once they are read', async () => {
    const trainee = await make.trainee();
    const { agent } = await loginAgent(ctx.app, trainee.email);
    assert.equal(badge((await agent.get('/courses').expect(200)).text), '');
    await notify(trainee._id, 'approved', course, '/courses/1');
    assert.equal(badge((await agent.get('/courses').expect(200)).text), '1');
    await agent.get('/me').expect(200);
    assert.equal(badge((await agent.get('/courses').expect(200)).text), '');
  });

  it('reads from the database while the channel is down, and drops what it held when it is lost', async () => {
    const staff = await make.staff('pknu', { name: '채널 이전' });
    const { agent } = await loginAgent(ctx.app, staff.email);
    await agent.get('/manage').expect(200);
    assert.deepEqual(signInReads(await commandsDuring(() => agent.get('/manage').expect(200))), []);
    // A change nobody announces (a write by hand): the held copy stays as it was.
    await User.updateOne({ _id: staff._id }, { $set: { name: '채널 이후' } });
    assert.equal(html((await agent.get('/manage').expect(200)).text)('.user-name').text(), '채널 이전');

    const postgres = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
    await postgres.connect();
    try {
      const { rowCount } = await postgres.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [listenerName],
      );
      assert.ok(rowCount, 'a listening connection was ended');
    } finally {
      await postgres.end();
    }
    await channelBecomes(false);
    const whileDown = await commandsDuring(async () => {
      const page = await agent.get('/manage').expect(200);
      assert.equal(html(page.text)('.user-name').text(), '채널 이후');
    });
    assert.deepEqual(signInReads(whileDown), ['find sessions', 'find users', 'find notifications']);

    await channelBecomes(true);
    assert.equal(signInReads(await commandsDuring(() => agent.get('/manage').expect(200))).length, 3);
    assert.deepEqual(signInReads(await commandsDuring(() => agent.get('/manage').expect(200))), []);
  });

  describe('session writes', () => {
    it('signs in with one session write, writes a changed session once and an unchanged one never', async () => {
      const trainee = await make.trainee();
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent, '/login');
      const login = await commandsDuring(() =>
        agent
          .post('/login')
          .type('form')
          .send({ _csrf: token, email: trainee.email, password: defaultPassword })
          .expect(303),
      );
      assert.equal(countOf(login, 'update sessions'), 1, 'the new session, written once');
      assert.equal(countOf(login, 'delete sessions'), 1, 'the session from before the login');

      // The first signed-in request stamps the session's lifetime: one write.
      assert.equal(countOf(await commandsDuring(() => agent.get('/me').expect(200)), 'update sessions'), 1);
      assert.equal(countOf(await commandsDuring(() => agent.get('/me').expect(200)), 'update sessions'), 0);

      const csrf = await csrfToken(agent, '/me/profile');
      const saved = await commandsDuring(() =>
        agent
          .post('/me/profile')
          .type('form')
          .send({ _csrf: csrf, name: '한 번', locale: 'ko', category: 'employee', affiliation: '포항' })
          .expect(303),
      );
      assert.equal(countOf(saved, 'update sessions'), 1, 'the flash, written once');
      const shown = await commandsDuring(() => agent.get('/me/profile').expect(200));
      assert.equal(countOf(shown, 'update sessions'), 1, 'the flash shown and removed, written once');
    });
  });
});
