import assert from 'node:assert/strict';
import request from 'supertest';
import { ApiToken } from '../../../models/api-token';
import { AuditEvent } from '../../../models/audit-event';
import { SessionRecord } from '../../../models/session-record';
import { loginAgent, postForm, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { make, universityId } from '../../support/factories';
import { html } from '../../support/html';

describe('API tokens (/city/api-tokens)', () => {
  const ctx = useTestApp();
  let city: SignedIn;
  let otherCity: SignedIn;
  let admin: SignedIn;

  before(async () => {
    city = await loginAgent(ctx.app, (await make.cityStaff({ name: '포항시 토큰' })).email);
    otherCity = await loginAgent(ctx.app, (await make.cityStaff()).email);
    admin = await loginAgent(ctx.app, (await make.user({ role: 'admin' })).email);
  });

  const figures = (secret: string) => request(ctx.app).get('/api/v1/figures').set('Authorization', `Bearer ${secret}`);

  /** Makes a token through the form; its secret from the one page that shows it. */
  async function createToken(who: SignedIn, fields: Record<string, unknown> = {}) {
    const res = await postForm(who, '/city/api-tokens', {
      name: '일자리 매칭',
      days: '30',
      scopes: ['figures:read'],
      ...fields,
    });
    assert.equal(res.status, 201, res.text.slice(0, 200));
    assert.equal(res.headers['cache-control'], 'no-store');
    const secret = String(html(res.text)('#api-token-secret').val());
    assert.match(secret, /^bth_[\w-]{43}$/);
    return secret;
  }

  it('shows a new token once: it works, the list and the session never hold it, and only its hash is stored', async () => {
    const secret = await createToken(city, { name: '특화단지 대시보드' });
    assert.equal((await figures(secret)).status, 200);
    const list = await city.agent.get('/city/api-tokens');
    assert.equal(list.status, 200);
    assert.ok(!list.text.includes(secret), 'not shown again');
    assert.ok(list.text.includes('특화단지 대시보드'));
    const sessions = await SessionRecord.find({}).lean();
    assert.ok(!JSON.stringify(sessions).includes(secret), 'not kept in any session');
    const stored = await ApiToken.findOne({ name: '특화단지 대시보드' }).lean();
    assert.ok(stored && !JSON.stringify(stored).includes(secret));
    assert.ok(await AuditEvent.exists({ action: 'api_token.create', targetId: stored._id }));
  });

  it('refuses bad input with a message on the field and writes nothing', async () => {
    const before = await ApiToken.countDocuments();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ days: '0' }, 'days'],
      [{ days: '1000' }, 'days'],
      [{ days: 'soon' }, 'days'],
      [{ scopes: [] }, 'scopes'],
      [{ scopes: ['admin:write'] }, 'scopes'],
      [{ scopes: ['roster:read'] }, 'university'],
      [{ scopes: ['figures:read'], university: 'not-an-id' }, 'university'],
    ];
    for (const [fields, field] of cases) {
      const res = await postForm(city, '/city/api-tokens', {
        name: '잘못된 입력',
        days: '30',
        scopes: ['figures:read'],
        ...fields,
      });
      assert.equal(res.status, 422, JSON.stringify(fields));
      const $ = html(res.text);
      assert.equal($(`#e-${field}`).length, 1, `${JSON.stringify(fields)} names ${field}`);
      assert.equal($('#api-token-secret').length, 0);
    }
    const kept = html(
      (await postForm(city, '/city/api-tokens', { name: '입력 유지', days: '45', scopes: ['roster:read'] })).text,
    );
    assert.equal(kept('#f-name').val(), '입력 유지');
    assert.equal(kept('input[name=scopes][value="roster:read"]').attr('checked'), 'checked');
    assert.equal(await ApiToken.countDocuments(), before);
  });

  it('makes a university token that may read rosters and attendance', async () => {
    const secret = await createToken(city, {
      name: '포스텍 학사 연동',
      scopes: ['roster:read', 'attendance:read', 'figures:read'],
      university: await universityId('postech'),
    });
    const res = await figures(secret);
    assert.equal((res.body as { applied: { university: string } }).applied.university, 'postech');
  });

  it("revokes a token at once; another city user's token is not theirs to see or revoke, an administrator's is", async () => {
    const secret = await createToken(city, { name: '폐기할 토큰' });
    const token = await ApiToken.findOne({ name: '폐기할 토큰' }).lean();
    const path = `/city/api-tokens/${String(token!._id)}/revoke`;
    assert.ok(!(await otherCity.agent.get('/city/api-tokens')).text.includes('폐기할 토큰'));
    assert.equal((await postForm(otherCity, path)).status, 404);
    assert.equal((await figures(secret)).status, 200);

    const revoked = await postForm(city, path);
    assert.equal(revoked.status, 303);
    assert.equal((await figures(secret)).status, 401);
    assert.ok(await AuditEvent.exists({ action: 'api_token.revoke', targetId: token!._id }));
    const list = html((await city.agent.get('/city/api-tokens')).text);
    assert.equal(list(`tr[data-token="${String(token!._id)}"] form`).length, 0, 'no revoke button any more');

    const adminSecret = await createToken(otherCity, { name: '관리자가 폐기' });
    const other = await ApiToken.findOne({ name: '관리자가 폐기' }).lean();
    assert.ok((await admin.agent.get('/city/api-tokens')).text.includes('관리자가 폐기'), 'an administrator sees all');
    assert.equal((await postForm(admin, `/city/api-tokens/${String(other!._id)}/revoke`)).status, 303);
    assert.equal((await figures(adminSecret)).status, 401);
  });

  it("ends a city user's tokens when their account is deactivated", async () => {
    const leaving = await make.cityStaff();
    const who = await loginAgent(ctx.app, leaving.email);
    const secret = await createToken(who);
    assert.equal((await postForm(admin, `/city/staff/${String(leaving._id)}/deactivate`)).status, 303);
    assert.equal((await figures(secret)).status, 401);
  });

  it('is refused to trainees and university staff, and shown in Korean and English', async () => {
    for (const user of [await make.trainee(), await make.staff('postech')]) {
      const agent = await loginAgent(ctx.app, user.email);
      assert.equal((await agent.agent.get('/city/api-tokens')).status, 403);
      assert.equal(
        (await postForm(agent, '/city/api-tokens', { name: 'x', days: '1', scopes: 'figures:read' })).status,
        403,
      );
    }
    for (const [lang, title] of [
      ['ko', 'API 토큰'],
      ['en', 'API tokens'],
    ]) {
      const $ = html((await city.agent.get(`/city/api-tokens/new?lang=${lang}`)).text);
      assert.equal($('h1').text(), lang === 'ko' ? 'API 토큰 만들기' : 'Make an API token');
      assert.ok($('nav').text().includes(title!));
    }
  });
});
