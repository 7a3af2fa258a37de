import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { JobClaim } from '../../../models/job-claim';
import { findActor } from '../../../server/services/accounts/auth';
import { runMigration } from '../../../server/db/migrations';
import { auditDays } from '../../../server/db/migrations/001-audit-days';
import { saveTargetPlan } from '../../../server/services/city/targets';
import { publishCourse } from '../../../server/services/courses/lifecycle';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { make, universityId } from '../../support/factories';
import { html, texts } from '../../support/html';
import { renameElectrodeSkill } from '../../support/city-records';

describe('audit log for city staff', () => {
  const ctx = useTestApp();
  let city: Awaited<ReturnType<typeof loginAgent>>;
  let courseId: string;

  before(async function () {
    this.timeout(60_000);
    const trainee = await make.trainee({ email: 'audited.trainee@example.kr', name: '감사 대상자' });
    await loginAgent(ctx.app, trainee.email);
    const staff = await make.staff('korea', { name: '고려대 담당자', email: 'korea.staff@example.kr' });
    const course = await make.course({
      university: 'korea',
      status: 'draft',
      code: 'AUD-1',
      title: { ko: '감사 과정', en: 'Audited course' },
    });
    courseId = String(course._id);
    const actor = await findActor(String(staff._id));
    assert.ok(actor);
    await publishCourse(actor, courseId);
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const korea = await universityId('korea');
    // Two old events on Seoul days 2026-03-10 and 2026-03-20 (03:00Z is noon in Seoul).
    const old = {
      action: 'course.publish',
      actor: trainee._id,
      university: korea,
      at: new Date('2026-03-10T03:00:00Z'),
    };
    await AuditEvent.insertMany([old, { ...old, at: new Date('2026-03-20T03:00:00Z') }]);
    // 60 logins over two Seoul days: 23:30Z on 2026-01-01 is already 2026-01-02 in Seoul.
    await AuditEvent.insertMany(
      Array.from({ length: 60 }, (_v, i) => ({
        action: 'auth.login',
        actor: trainee._id,
        at: new Date(Date.UTC(2026, 0, 1, 22, i)),
      })),
    );
  });

  it('says who did what to which record, in the page language, with names and links', async () => {
    const ko = html((await city.agent.get('/city/audit').query({ action: 'course.publish' }).expect(200)).text);
    assert.equal(ko('h1').text(), '감사 로그');
    const row = ko('.audit-log tbody tr').first();
    assert.equal(row.find('.audit-actor-name').text(), '고려대 담당자');
    assert.match(row.find('.audit-actor').text(), /대학 담당자 · korea\.staff@example\.kr/);
    assert.equal(row.find('.audit-sentence').text(), '과정을 공개했습니다');
    assert.equal(row.find('.audit-target a').attr('href'), `/courses/${courseId}`);
    assert.equal(row.find('.audit-target').text(), 'AUD-1 감사 과정');
    assert.deepEqual(texts(ko.html(), '.audit-log tbody tr:first-child .audit-change'), ['상태: 작성 중 → 모집 중']);
    assert.doesNotMatch(ko('.audit-log').text(), /[0-9a-f]{24}/, 'no ObjectId is shown');

    const en = html((await city.agent.get('/city/audit').query({ action: 'course.publish', lang: 'en' })).text);
    const first = en('.audit-log tbody tr').first();
    assert.equal(first.find('.audit-sentence').text(), 'Published a course');
    assert.equal(first.find('.audit-target').text(), 'AUD-1 Audited course');
    assert.equal(first.find('.audit-change').text(), 'Status: Draft → Open');
  });

  it("names and links a skill and a year's targets, the city's own records", async () => {
    const cityActor = await findActor(String((await make.cityStaff())._id));
    assert.ok(cityActor);
    const skill = await renameElectrodeSkill(cityActor);
    const korea = await universityId('korea');
    await saveTargetPlan(cityActor, 2027, [
      { university: korea, scope: 'all', key: '', trainees: 10, completions: null, hours: null, row: 0 },
    ]);
    const target = async (action: string, lang: string) =>
      html((await city.agent.get('/city/audit').query({ action, lang }).expect(200)).text)('.audit-target').first();
    const ko = await target('skill.update', 'ko');
    assert.equal(ko.text(), 'NCS-ELECTRODE 전극 공정');
    assert.equal(ko.find('a').attr('href'), `/city/skills/${String(skill._id)}/edit`);
    assert.equal((await target('skill.update', 'en')).text(), 'NCS-ELECTRODE Electrode process');
    const plan = await target('targets.update', 'ko');
    assert.equal(plan.text(), '2027년 목표');
    assert.equal(plan.find('a').attr('href'), '/city/targets?year=2027');
    assert.equal((await target('targets.update', 'en')).text(), 'Targets for 2027');
  });

  it('puts reasons in words when they are codes, and keeps a reason staff typed as written', async () => {
    await AuditEvent.insertMany([
      { action: 'enrollment.withdraw', at: new Date('2026-02-02T03:00:00Z'), meta: { reason: 'course_cancelled' } },
      {
        action: 'enrollment.completion_override',
        at: new Date('2026-02-02T04:00:00Z'),
        meta: { reason: '병가: 진단서 제출. 인정' },
      },
    ]);
    const page = await city.agent.get('/city/audit').query({ from: '2026-02-02', to: '2026-02-02', lang: 'ko' });
    assert.deepEqual(texts(page.text, '.audit-change'), ['사유: 병가: 진단서 제출. 인정', '사유: 과정 취소']);
  });

  it('offers every kind of action by name, grouped, and universities by name', async () => {
    const $ = html((await city.agent.get('/city/audit?lang=en').expect(200)).text);
    assert.equal($('#f-action optgroup[label="Courses"] option[value="course.publish"]').text(), 'Published a course');
    assert.equal($('#f-university option[value="korea"]').text(), 'Korea University');
  });

  it('filters by person (name or email), university and kind of action', async () => {
    const byName = await city.agent
      .get('/city/audit')
      .query({ person: '감사 대상', action: 'course.publish' })
      .expect(200);
    assert.equal(texts(byName.text, '.audit-log tbody tr').length, 2);
    const byEmail = await city.agent.get('/city/audit').query({ person: 'KOREA.staff', lang: 'ko' }).expect(200);
    assert.deepEqual(texts(byEmail.text, '.audit-sentence'), ['과정을 공개했습니다']);
    const byUniversity = await city.agent.get('/city/audit').query({ university: 'korea' }).expect(200);
    assert.equal(texts(byUniversity.text, '.audit-log tbody tr').length, 3);
    const other = await city.agent.get('/city/audit').query({ university: 'postech' }).expect(200);
    assert.deepEqual(texts(other.text, '.audit-log tbody td'), ['조건에 맞는 기록이 없습니다.']);
    const unknown = await city.agent.get('/city/audit').query({ action: 'course.frobnicate' }).expect(422);
    assert.ok(html(unknown.text)('#e-action').text());
  });

  it('filters by Seoul days, read one day at a time', async () => {
    const day = await city.agent.get('/city/audit').query({ from: '2026-03-10', to: '2026-03-10' }).expect(200);
    assert.equal(texts(day.text, '.audit-log tbody tr').length, 1);
    const range = await city.agent.get('/city/audit').query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    assert.equal(texts(range.text, '.audit-log tbody tr').length, 2);
    assert.equal((await AuditEvent.findOne({ at: new Date('2026-03-10T03:00:00Z') }).lean())?.day, '2026-03-10');
    const bad = await city.agent.get('/city/audit').query({ from: '10/03/2026', lang: 'ko' }).expect(422);
    assert.equal(html(bad.text)('#e-from').text(), '날짜를 YYYY-MM-DD 형식으로 입력해 주세요.');
    const long = await city.agent.get('/city/audit').query({ from: '2025-01-01', to: '2026-03-31' }).expect(422);
    assert.equal(html(long.text)('#e-from').text(), '기간은 366일까지 고를 수 있습니다.');
  });

  it('refuses a filter it cannot apply whole: a person with a range over the limit lists no one else', async () => {
    const other = await make.trainee({ email: 'someone.else@example.kr', name: '다른 사람' });
    await AuditEvent.create({ action: 'auth.login', actor: other._id, at: new Date('2026-03-15T03:00:00Z') });
    for (const lang of ['ko', 'en'] as const) {
      const page = await city.agent
        .get('/city/audit')
        .query({ person: '감사 대상', from: '2024-01-01', to: '2026-03-31', lang })
        .expect(422);
      const $ = html(page.text);
      assert.equal($('.audit-log tbody tr[data-action]').length, 0, 'no event is listed under a refused filter');
      assert.match($('#e-from').text(), lang === 'ko' ? /366일까지/ : /366 days/);
      assert.match(
        $('.audit-refused').text(),
        lang === 'ko' ? /조건을 고칠 때까지/ : /until the filters are corrected/,
      );
      assert.equal($('#f-person').val(), '감사 대상', 'the input is kept to correct');
    }
    // One calendar year is allowed, and every part of the filter applies: only that person's events.
    const year = await city.agent
      .get('/city/audit')
      .query({ person: '감사 대상', from: '2026-01-01', to: '2026-12-31', action: 'course.publish' })
      .expect(200);
    assert.equal(texts(year.text, '.audit-log tbody tr').length, 2);
    const leap = await city.agent
      .get('/city/audit')
      .query({ person: '다른 사람', from: '2024-01-01', to: '2024-12-31' });
    assert.equal(leap.status, 200, 'a leap year is one calendar year too');
    const mine = await city.agent
      .get('/city/audit')
      .query({ person: '다른 사람', from: '2026-01-01', to: '2026-12-31' });
    assert.deepEqual(texts(mine.text, '.audit-actor-name'), ['다른 사람']);
  });

  it('pages through a range of days keeping the filters, newest first', async () => {
    const query = { action: 'auth.login', from: '2026-01-01', to: '2026-01-03' };
    const first = await city.agent
      .get('/city/audit')
      .query({ ...query, lang: 'ko' })
      .expect(200);
    assert.equal(texts(first.text, '.audit-log tbody tr').length, 50);
    const next = html(first.text)('a[rel=next]').attr('href');
    assert.equal(next, '/city/audit?action=auth.login&from=2026-01-01&to=2026-01-03&page=2');
    const second = await city.agent.get(next!).expect(200);
    assert.equal(texts(second.text, '.audit-log tbody tr').length, 10);
    assert.match(html(second.text)('.pager').text(), /2 \/ 2 페이지/);
    // The last page holds the oldest: 22:00Z–22:09Z on 2026-01-01, still 2026-01-02 07:00–07:09 in Seoul.
    const times = await AuditEvent.find({ action: 'auth.login', day: '2026-01-02' }).countDocuments();
    assert.equal(times, 60);
  });

  it('gives events recorded before the day key one, once', async () => {
    await JobClaim.deleteOne({ _id: 'audit-day-backfill' });
    const { insertedId } = await AuditEvent.collection.insertOne({
      action: 'auth.login',
      at: new Date('2025-12-31T16:30:00Z'),
    });
    assert.equal(await runMigration(auditDays), 1);
    assert.equal((await AuditEvent.findById(insertedId).lean())?.day, '2026-01-01');
    await AuditEvent.collection.insertOne({ action: 'auth.login', at: new Date() });
    assert.equal(await runMigration(auditDays), 0, 'a finished backfill does not scan again');
  });
});
