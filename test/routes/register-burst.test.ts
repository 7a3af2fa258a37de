import assert from 'node:assert/strict';
import request from 'supertest';
import { MailMessage } from '../../models/mail-message';
import { csrfToken } from '../support/agents';
import { useTestApp } from '../support/app';
import { html } from '../support/html';
import { useMail } from '../support/mail';

const good = {
  name: '박배터리',
  password: 'lithium-iron-phosphate',
  passwordConfirm: 'lithium-iron-phosphate',
  category: 'student',
  affiliation: '포스텍',
  privacyConsent: 'on',
};

// In a file of its own: the address's budget of sign-ups (20 an hour per client address) is
// fresh, so only the per-email budget (3 an hour) answers here.
describe('simultaneous sign-ups for one email address', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  it('answers every one of simultaneous sign-ups for one address: mail for the first three, a wait for the rest', async () => {
    // Each browser opens the form first, then all post at once.
    const browsers = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const agent = request.agent(ctx.app);
        return { agent, token: await csrfToken(agent, '/register') };
      }),
    );
    const answers = await Promise.all(
      browsers.map(({ agent, token }) =>
        agent
          .post('/register')
          .type('form')
          .send({ _csrf: token, ...good, email: 'burst@example.kr' }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
    for (const res of answers) {
      const $ = html(res.text);
      if (res.status === 200) assert.equal($('h1').text(), '메일을 확인해 주세요');
      else assert.match($('.form-errors p').first().text(), /더 보내지 않습니다.*분 후에 다시 시도/);
    }
    // Every "check your email" has its message, and nothing else was sent.
    assert.equal(await MailMessage.countDocuments({ to: 'burst@example.kr', kind: 'activate' }), 3);
    const delivered = (await mail.deliver()).filter((m) => m.to === 'burst@example.kr');
    assert.equal(delivered.length, 3);
  });
});
