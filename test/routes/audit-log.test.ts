import assert from 'node:assert/strict';
import { AuditEvent } from '../../models/audit-event';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { createCityStaff, createTrainee } from '../support/factories';
import { html, texts } from '../support/html';

describe('audit log for city staff', () => {
  const ctx = useTestApp();
  let city: Awaited<ReturnType<typeof loginAgent>>;
  let traineeEmail: string;

  before(async () => {
    const trainee = await createTrainee({ email: 'audited.trainee@example.kr' });
    traineeEmail = trainee.email;
    await loginAgent(ctx.app, traineeEmail);
    city = await loginAgent(ctx.app, (await createCityStaff()).email);
    const old = { action: 'course.publish', actor: trainee._id, at: new Date('2026-03-10T03:00:00Z') };
    await AuditEvent.insertMany([old, { ...old, at: new Date('2026-03-20T03:00:00Z') }]);
    await AuditEvent.insertMany(
      Array.from({ length: 60 }, (_v, i) => ({ action: 'bulk.test', at: new Date(Date.UTC(2026, 0, 1, 0, i)) })),
    );
  });

  it('lists events newest first with the actor', async () => {
    const res = await city.agent.get('/city/audit').expect(200);
    const $ = html(res.text);
    assert.equal($('h1').text(), '감사 로그');
    assert.equal($('.audit-log tbody tr').first().find('code').text(), 'auth.login');
    assert.equal($('.audit-log tbody tr').length, 50);
  });

  it('filters by actor email and action', async () => {
    const res = await city.agent
      .get('/city/audit')
      .query({ actor: 'audited.trainee', action: 'auth.login' })
      .expect(200);
    const rows = texts(res.text, '.audit-log tbody tr');
    assert.equal(rows.length, 1);
    assert.match(rows[0]!, /audited\.trainee@example\.kr/);
    const prefix = await city.agent
      .get('/city/audit')
      .query({ actor: 'audited.trainee', action: 'course.' })
      .expect(200);
    assert.equal(texts(prefix.text, '.audit-log tbody tr').length, 2);
  });

  it('filters by a date range in Seoul time, both days included', async () => {
    const res = await city.agent
      .get('/city/audit')
      .query({ action: 'course.publish', from: '2026-03-01', to: '2026-03-10' })
      .expect(200);
    assert.equal(texts(res.text, '.audit-log tbody tr code').length, 1);
    const bad = await city.agent.get('/city/audit').query({ from: '10/03/2026' }).expect(422);
    assert.equal(html(bad.text)('#e-from').text(), '날짜를 YYYY-MM-DD 형식으로 입력해 주세요.');
  });

  it('pages through the results keeping the filters', async () => {
    const first = await city.agent.get('/city/audit').query({ action: 'bulk.test' }).expect(200);
    const next = html(first.text)('a[rel=next]').attr('href');
    assert.equal(next, '/city/audit?action=bulk.test&page=2');
    const second = await city.agent.get(next!).expect(200);
    assert.equal(texts(second.text, '.audit-log tbody tr').length, 10);
    assert.match(html(second.text)('.pager').text(), /2 \/ 2 페이지/);
  });
});
