import assert from 'node:assert/strict';
import request from 'supertest';
import { AuditEvent } from '../../models/audit-event';
import { MailMessage } from '../../models/mail-message';
import { PasswordToken } from '../../models/password-token';
import { User } from '../../models/user';
import { verifyPassword } from '../../server/auth/passwords';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { defaultPassword, make } from '../support/factories';
import { html } from '../support/html';
import { useMail } from '../support/mail';

const newPassword = 'solid-state-electrolyte';

describe('password reset', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  async function ask(email: string, lang = 'ko') {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, `/password/forgot?lang=${lang}`);
    return agent.post('/password/forgot').type('form').send({ _csrf: token, email });
  }

  /** Opens a reset link and chooses a password on its page, as the recipient would. */
  async function useLink(linkPath: string, password = newPassword) {
    const agent = request.agent(ctx.app);
    const page = await agent.get(linkPath);
    const token = html(page.text)('input[name=_csrf]').val();
    if (typeof token !== 'string') return { page, res: undefined };
    return {
      page,
      res: await agent.post(linkPath).type('form').send({ _csrf: token, password, passwordConfirm: password }),
    };
  }

  it('is linked from the login page in both languages', async () => {
    const ko = html((await request(ctx.app).get('/login').expect(200)).text);
    assert.equal(ko('a[href="/password/forgot"]').text(), '비밀번호를 잊으셨나요?');
    const en = html((await request(ctx.app).get('/login?lang=en').expect(200)).text);
    assert.equal(en('a[href="/password/forgot"]').text(), 'Forgot your password?');
    const form = html((await request(ctx.app).get('/password/forgot').expect(200)).text);
    assert.equal(form('h1').text(), '비밀번호 찾기');
    assert.match(form('main .lead').text(), /30분 동안 유효합니다/);
  });

  it('answers an unknown address exactly as a known one, and mails only the account', async () => {
    const known = await make.trainee({ email: 'known@example.kr', name: '알려진', locale: 'en' });
    const before = await MailMessage.countDocuments();
    const forKnown = await ask('Known@Example.kr');
    const forUnknown = await ask('ghost@example.kr');
    assert.equal(forKnown.status, 200);
    assert.equal(forUnknown.status, forKnown.status);
    assert.equal(
      forKnown.text.replaceAll('known@example.kr', 'ADDRESS'),
      forUnknown.text.replaceAll('ghost@example.kr', 'ADDRESS'),
    );
    assert.match(
      html(forKnown.text)('main').text(),
      /known@example\.kr 주소로 가입된 계정이 있으면 비밀번호 재설정 링크를 보냈습니다/,
    );
    assert.equal(await MailMessage.countDocuments(), before + 1);

    const delivered = await mail.deliver();
    assert.deepEqual(
      delivered.map((m) => m.to),
      ['known@example.kr'],
    );
    const message = delivered[0]!;
    assert.equal(message.subject, '[Battery Talent Hub] Reset your password', 'in the account’s language');
    assert.match(message.text, /once, for 30 minutes/);
    assert.match(message.link ?? '', /^http:\/\/127\.0\.0\.1:3000\/password\/reset\/[\w-]{43}$/);
    const stored = await PasswordToken.findOne({ user: known._id, purpose: 'reset' }).lean();
    assert.ok(stored);
    const minutesLeft = (stored.expiresAt.getTime() - Date.now()) / 60_000;
    assert.ok(minutesLeft > 29 && minutesLeft <= 30);

    const audit = await AuditEvent.find({ action: 'user.password_reset_requested' }).lean();
    assert.deepEqual(audit.map((a) => [a.meta?.email, a.meta?.outcome]).sort(), [
      ['ghost@example.kr', 'unknown'],
      ['known@example.kr', 'sent'],
    ]);
  });

  it('sets a new password once through the link, ending every session of the account', async () => {
    const user = await make.trainee({ email: 'reset-me@example.kr', name: '재설정' });
    const elsewhere = await loginAgent(ctx.app, user.email);
    await elsewhere.agent.get('/me').expect(200);
    await ask(user.email);
    const [message] = await mail.deliver();

    const { page, res } = await useLink(message!.linkPath!);
    assert.equal(page.status, 200);
    assert.equal(html(page.text)('h1').text(), '새 비밀번호 정하기');
    assert.match(html(page.text)('.lead').text(), /재설정\(reset-me@example\.kr\)/);
    assert.equal(res?.status, 303);
    assert.equal(res?.headers.location, '/login');

    const gone = await elsewhere.agent.get('/me');
    assert.equal(gone.status, 303, 'the session signed in before the reset has ended');
    assert.match(String(gone.headers.location), /^\/login/);

    const hash = (await User.findById(user._id).lean())!.passwordHash!;
    assert.equal(await verifyPassword(hash, newPassword), true);
    assert.equal(await verifyPassword(hash, defaultPassword), false);
    await loginAgent(ctx.app, user.email, newPassword);
    assert.equal(await AuditEvent.countDocuments({ action: 'user.password_reset', targetId: user._id }), 1);

    const again = await useLink(message!.linkPath!, 'another-long-password');
    assert.equal(again.page.status, 410);
    assert.match(html(again.page.text)('.form-errors').text(), /이미 사용되었거나 만료되었습니다/);
    assert.equal(html(again.page.text)('main a[href="/password/forgot"]').text(), '링크 다시 받기');
  });

  it('lets the owner sign in at once after a reset, although guesses had locked the account', async () => {
    const user = await make.trainee({ email: 'guessed@example.kr' });
    for (let i = 0; i < 5; i++) {
      const agent = request.agent(ctx.app);
      const token = await csrfToken(agent, '/login');
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf: token, email: user.email, password: `guess ${i}` });
    }
    await ask(user.email);
    const [message] = await mail.deliver();
    assert.equal((await useLink(message!.linkPath!)).res?.status, 303);
    await loginAgent(ctx.app, user.email, newPassword);
  });

  it('refuses a link after 30 minutes, and a reset link opened as a set-password link', async () => {
    const user = await make.trainee({ email: 'slow@example.kr' });
    await ask(user.email);
    const [message] = await mail.deliver();
    await PasswordToken.updateOne(
      { user: user._id, purpose: 'reset' },
      { $set: { expiresAt: new Date(Date.now() - 1000) } },
    );
    const late = await useLink(message!.linkPath!);
    assert.equal(late.page.status, 410);
    assert.equal(await verifyPassword((await User.findById(user._id).lean())!.passwordHash!, defaultPassword), true);

    const resetToken = message!.linkPath!.split('/').pop()!;
    const wrongPage = await request(ctx.app).get(`/account/set-password/${resetToken}`);
    assert.equal(wrongPage.status, 410);
  });

  it('mails one account at most three links an hour, and throttles one address after ten requests, answering the same until then', async () => {
    const user = await make.staff('handong', { email: 'busy@example.kr' });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(user.email));
    assert.deepEqual(
      answers.map((r) => r.status),
      [200, 200, 200, 200],
    );
    assert.equal(new Set(answers.map((r) => html(r.text)('main').text())).size, 1);
    assert.equal(await MailMessage.countDocuments({ to: 'busy@example.kr', kind: 'passwordReset' }), 3);
    assert.equal(
      await AuditEvent.countDocuments({
        action: 'user.password_reset_requested',
        'meta.email': 'busy@example.kr',
        'meta.outcome': 'throttled',
      }),
      1,
    );
    await mail.deliver();

    // Ten requests per address in 15 minutes; this file's earlier requests count too.
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await ask(`someone-${i}@example.kr`)).status);
    assert.ok(statuses.includes(429));
    const throttled = await ask('late@example.kr');
    assert.equal(throttled.status, 429);
    assert.match(html(throttled.text)('.form-errors').text(), /요청이 너무 많습니다/);
  });

  it('asks again for a malformed address, sending nothing', async () => {
    const before = await MailMessage.countDocuments();
    const res = await ask('not an address');
    assert.equal(res.status, 422);
    assert.equal(html(res.text)('#e-email').text(), '올바른 이메일 주소를 입력해 주세요.');
    assert.equal(await MailMessage.countDocuments(), before);
  });
});

describe('password reset behind a proxy', () => {
  const ctx = useTestApp({ TRUST_PROXY: '1' });

  async function askFrom(ip: string) {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/password/forgot');
    return agent
      .post('/password/forgot')
      .set('X-Forwarded-For', ip)
      .type('form')
      .send({ _csrf: token, email: 'anyone@example.kr' });
  }

  it('counts every address of one IPv6 /64 against the same budget', async () => {
    const statuses = [];
    for (let i = 1; i <= 10; i++) statuses.push((await askFrom(`2001:db8:77:1::${i}`)).status);
    assert.deepEqual(new Set(statuses), new Set([200]));
    assert.equal((await askFrom('2001:db8:77:1:ffff::1')).status, 429);
    assert.equal((await askFrom('2001:db8:77:2::1')).status, 200);
  });
});
