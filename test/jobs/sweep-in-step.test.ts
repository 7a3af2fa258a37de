import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { SessionRecord } from '../../models/session-record';
import { sweepExpired } from '../../server/jobs/sweep-expired';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';
import { loginMany, useCheapPasswordHash } from '../support/parallel-agents';

// FerretDB 1.24 answers even an unacknowledged (w: 0) write, and the driver never reads that
// answer: every later command on the same pooled connection then reads the answer meant for the
// one before it. connect-mongo's own interval sweep deleted that way, and session lookups got an
// update's reply (a 500, "BSON element cursor is missing") or another visitor's session.
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

  it('leaves every pooled connection in step: each later request still reads its own session', async () => {
    const trainees = await Promise.all(
      Array.from({ length: 12 }, (_v, i) => make.trainee({ name: `세션 교육생 ${i}` })),
    );
    await useCheapPasswordHash(trainees.map((t) => t._id));
    const agents = await loginMany(
      server,
      trainees.map((t) => t.email),
    );
    await SessionRecord.create({
      _id: 'expired-session',
      expires: new Date(Date.now() - 3_600_000),
      session: { cookie: {} },
    });

    await sweepExpired.run({ start: new Date() });
    assert.equal(await SessionRecord.countDocuments({ _id: 'expired-session' }), 0);
    assert.equal(await SessionRecord.countDocuments(), trainees.length);

    // Every pooled connection is used many times over: one left a reply behind shows up as a 500 or a stranger.
    for (let round = 0; round < 6; round++) {
      const pages = await Promise.all(agents.map(({ agent }) => agent.get('/me')));
      pages.forEach((page, i) => {
        assert.equal(page.status, 200, `round ${round}, trainee ${i}: ${page.status}`);
        assert.equal(html(page.text)('.user-name').text().trim(), `세션 교육생 ${i}`, `round ${round}, trainee ${i}`);
      });
    }
  });
});
