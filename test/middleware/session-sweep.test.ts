import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { SessionRecord } from '../../models/session-record';
import { sweepExpiredSessions } from '../../server/middleware/session';
import { useTestApp } from '../support/app';
import { createTrainee } from '../support/factories';
import { html } from '../support/html';
import { loginMany, useCheapPasswordHash } from '../support/parallel-agents';

describe('sweeping expired sessions', function () {
  this.timeout(60_000);
  const ctx = useTestApp();
  let server: Server;
  before(() => {
    server = ctx.app.listen(0);
  });
  after(() => {
    server.close();
  });

  it('removes only expired sessions, and every later request still reads its own session', async () => {
    const trainees = await Promise.all(Array.from({ length: 12 }, (_v, i) => createTrainee({ name: `세션 교육생 ${i}` })));
    await useCheapPasswordHash(trainees.map((t) => t._id));
    const agents = await loginMany(server, trainees.map((t) => t.email));
    await SessionRecord.create({ _id: 'expired-session', expires: new Date(Date.now() - 60_000), session: { cookie: {} } });

    assert.equal(await sweepExpiredSessions(), 1);
    assert.equal(await SessionRecord.countDocuments({ _id: 'expired-session' }), 0);
    assert.equal(await SessionRecord.countDocuments(), trainees.length);

    // Every pooled connection is used many times over: one left reading the answers meant for
    // the command before (as an unacknowledged delete left it) shows up as a 500 or a stranger.
    for (let round = 0; round < 6; round++) {
      const pages = await Promise.all(agents.map(({ agent }) => agent.get('/me')));
      pages.forEach((page, i) => {
        assert.equal(page.status, 200, `round ${round}, trainee ${i}: ${page.status}`);
        assert.equal(html(page.text)('.user-name').text().trim(), `세션 교육생 ${i}`, `round ${round}, trainee ${i}`);
      });
    }
  });
});
