import assert from 'node:assert/strict';
import request from 'supertest';
import { PendingRegistration } from '../../models/pending-registration';
import { issuePasswordToken } from '../../server/services/accounts/password-tokens';
import { csrfToken } from '../support/agents';
import { make } from '../support/factories';
import { html } from '../support/html';
import { textLimits } from '../../models/text';
import {
  required,
  invalid,
  tooLong,
  hostileText,
  bodyWith,
  everyCount,
  assertRefused,
  assertAllRefused,
  hostileFixture,
  type HostileFixture,
} from '../support/hostile-input';
import { useTestApp } from '../support/app';

describe('hostile input, registration, sign-in, set-password, the catalog and addresses: every form answers 4xx with a message, writes nothing, never 500', () => {
  const ctx = useTestApp();
  let staff: HostileFixture['staff'];
  let city: HostileFixture['city'];
  let trainee: HostileFixture['trainee'];
  let traineeAgent: HostileFixture['traineeAgent'];
  let course: HostileFixture['course'];

  before(async function () {
    this.timeout(60_000);
    ({ staff, city, trainee, traineeAgent, course } = await hostileFixture(ctx.app));
  });

  it('registration: name and affiliation, and a 100-emoji name (200 UTF-16 units) is kept as typed for activation', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/register');
    const base = {
      _csrf: token,
      name: '박배터리',
      email: 'hostile-register@example.kr',
      password: 'lithium-iron-phosphate',
      passwordConfirm: 'lithium-iron-phosphate',
      category: 'student',
      affiliation: '포스텍',
      privacyConsent: 'on',
    };
    const counts = await everyCount();
    for (const field of ['name', 'affiliation'] as const) {
      for (const c of hostileText(field === 'name' ? textLimits.personName : textLimits.affiliation, {
        optional: field === 'affiliation',
      })) {
        const res = await agent
          .post('/register')
          .type('form')
          .send(bodyWith(base, field, c.value));
        assertRefused(res, `#e-${field}`, c.says, `${field}: ${c.label}`);
      }
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts, 'nothing was written');

    const emoji = '😀'.repeat(textLimits.personName);
    const res = await agent
      .post('/register')
      .type('form')
      .send({ ...base, name: emoji, affiliation: '한동대'.normalize('NFD') });
    assert.ok(res.status < 400, `answered ${res.status}`);
    const pending = await PendingRegistration.findOne({ email: base.email }).lean();
    assert.equal(pending?.name, emoji);
    assert.equal(pending?.trainee?.affiliation, '한동대', 'stored composed (NFC)');
  });

  it('login: malformed emails and passwords are refused before any account is looked up', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfToken(agent, '/login');
    const counts = await everyCount();
    const cases: [string, unknown, unknown, string, string | RegExp][] = [
      ['email with an override', `${trainee.email}\u202E`, 'whatever-password', '#e-email', '올바른 이메일'],
      ['email as an array', [trainee.email, trainee.email], 'whatever-password', '#e-email', invalid],
      ['email as an object', { a: trainee.email }, 'whatever-password', '#e-email', invalid],
      ['email far too long', `${'a'.repeat(5000)}@example.kr`, 'whatever-password', '#e-email', tooLong(254)],
      ['password missing', trainee.email, undefined, '#e-password', required],
      ['password as an object', trainee.email, { a: 'b' }, '#e-password', /./],
    ];
    for (const [label, email, password, where, says] of cases) {
      const res = await agent
        .post('/login')
        .type('form')
        .send(bodyWith(bodyWith({ _csrf: token }, 'email', email), 'password', password));
      assertRefused(res, where, says, label);
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts, 'no attempt was recorded and no account changed');
  });

  it('set-password: a malformed password leaves the link unused', async () => {
    const account = await make.staff('knu');
    const { token } = await issuePasswordToken(String(account._id));
    const agent = request.agent(ctx.app);
    const csrf = await csrfToken(agent, `/account/set-password/${token}`);
    const counts = await everyCount();
    const cases = [
      ['missing', undefined, undefined, required],
      ['an array', ['a', 'b'], 'a', invalid],
      ['an object', { a: 'b' }, { a: 'b' }, invalid],
    ] as const;
    for (const [label, password, passwordConfirm, says] of cases) {
      const res = await agent
        .post(`/account/set-password/${token}`)
        .type('form')
        .send(bodyWith(bodyWith({ _csrf: csrf }, 'password', password), 'passwordConfirm', passwordConfirm));
      assertRefused(res, '#e-password', says, label);
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    await agent.get(`/account/set-password/${token}`).expect(200);
  });

  it('catalog and other filters: bad values are ignored, the page still answers', async () => {
    const queries = [
      'q=%E2%80%AE',
      `q=${encodeURIComponent('가'.repeat(1000))}`,
      'q=a&q=b',
      'q[a]=b',
      'page=-1',
      'page=1e9',
      'university=..%2F..',
      'track=x&track=y',
      'mode[]=online',
      'open=1&open=1',
    ];
    for (const query of queries) {
      const res = await request(ctx.app).get(`/courses?${query}`);
      assert.equal(res.status, 200, query);
      assert.equal(html(res.text)('h1').text(), '교육과정 찾기');
    }
    for (const query of ['period=2026-Q9', 'period=0000-Q1', 'university[]=x', 'track=%00x'])
      assert.ok((await city.agent.get(`/city?${query}`)).status < 500, query);
    assert.equal((await staff.agent.get(`/manage/courses/${String(course._id)}/roster?status=a&status=b`)).status, 200);
    assert.equal((await city.agent.get('/city/reports?status[]=x')).status, 200);
  });

  it('a NUL character in the address is a 400 page, not a failing query', async () => {
    for (const path of ['/universities/%00', '/certificates/%00', '/verify/a%00', '/courses?q=%00']) {
      const res = await traineeAgent.agent.get(path);
      assertRefused(res, 'main', '요청을 처리할 수 없습니다', path);
    }
    assertAllRefused();
  });
});
