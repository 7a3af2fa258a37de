import assert from 'node:assert/strict';
import request from 'supertest';
import { csrfToken, loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { make } from '../support/factories';
import { html } from '../support/html';
import { useMail } from '../support/mail';

const hostile = `<script>alert(1)</script>"'`;

describe('a hostile name is shown as text everywhere', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);

  /** The raw HTML never carries the markup, and the parsed page shows the name as text. */
  function assertEscaped(text: string, selector: string) {
    assert.ok(!text.includes('<script>alert(1)</script>'), 'raw <script> in the page');
    assert.equal(html(text)('script:not([src])').length, 0);
    assert.ok(html(text)(selector).text().includes(hostile), `${selector} shows the name`);
  }

  it('in the header, the profile, the staff list and the audit log', async () => {
    const staff = await make.staff('uiduk', { name: hostile, email: 'hostile@example.kr' });
    const self = await loginAgent(ctx.app, staff.email);
    assertEscaped((await self.agent.get('/').expect(200)).text, '.user-name');
    const profile = await self.agent.get('/me/profile').expect(200);
    assertEscaped(profile.text, '.user-name');
    assert.equal(html(profile.text)('input[name=name]').val(), hostile);

    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    assertEscaped((await city.agent.get('/city/staff').expect(200)).text, '.staff-name');
    assertEscaped((await city.agent.get('/city/audit?actor=hostile').expect(200)).text, '.audit-actor-name');
    const confirm = html((await city.agent.get('/city/staff').expect(200)).text)(
      'tr[data-email="hostile@example.kr"] [data-confirm]',
    ).attr('data-confirm');
    assert.ok(confirm?.includes(hostile));
  });

  it('in a re-rendered form, the activation mail and page, and the welcome message after sign-up', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/register');
    const form = {
      _csrf: token,
      name: hostile,
      email: 'x',
      password: 'p',
      passwordConfirm: 'p',
      category: 'student',
      privacyConsent: 'on',
    };
    const bad = await agent.post('/register').type('form').send(form).expect(422);
    assert.ok(!bad.text.includes('<script>alert(1)</script>'));
    assert.equal(html(bad.text)('input[name=name]').val(), hostile);
    const password = 'separator-coating-line';
    await agent
      .post('/register')
      .type('form')
      .send({ ...form, email: 'hostile.trainee@example.kr', password, passwordConfirm: password })
      .expect(200);
    const [message] = await mail.deliver();
    assert.ok(!message!.html.includes('<script>alert(1)</script>'), 'raw <script> in the mail');
    assert.ok(html(message!.html)('body').text().includes(hostile), 'the mail shows the name as text');
    const page = await agent.get(message!.linkPath!).expect(200);
    assertEscaped(page.text, 'main .lead');
    await agent
      .post(message!.linkPath!)
      .type('form')
      .send({ _csrf: html(page.text)('form input[name=_csrf]').val() })
      .expect(303);
    assertEscaped((await agent.get('/').expect(200)).text, '.flash');
  });
});
