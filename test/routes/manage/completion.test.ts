import assert from 'node:assert/strict';
import request from 'supertest';
import { Certificate } from '../../../models/certificate';
import { CompletionReport } from '../../../models/completion-report';
import { Enrollment } from '../../../models/enrollment';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { useCompletionCourse } from '../../support/completion-course';
import { make } from '../../support/factories';
import { html, texts } from '../../support/html';
import { binaryBody } from '../../support/streams';

describe('completion, certificates and revocation (staff pages)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'attended');

  it('previews, refuses an override without reason, commits once and issues certificates', async () => {
    const [e0, , e2] = c.enrollments.map((e) => String(e._id));
    const preview = await c.staff.agent.get(`/manage/courses/${c.course._id}/complete`).expect(200);
    // The excused day (with its reason) counts as attended; the all-absent trainee does not complete.
    assert.deepEqual(texts(preview.text, '.completion-preview .rule-outcome'), ['수료', '수료', '미수료']);
    const bad = await c.staff.agent
      .post(`/manage/courses/${c.course._id}/complete`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(c.staff.csrf)}&decision[${e0}]=not_completed&reason[${e0}]=`)
      .expect(422);
    assert.match(html(bad.text)('.completion-preview .error').text(), /사유/);
    // 이비동의 decided by the rule first, then the rest in a second commit.
    await c.complete();
    assert.equal(await Certificate.countDocuments({ course: c.course._id }), 2);
    assert.equal((await Enrollment.findById(e2).lean())?.status, 'not_completed');
    const after = await c.staff.agent.get(`/manage/courses/${c.course._id}/complete`).expect(200);
    assert.equal(html(after.text)('.certificate-list tbody tr').length, 2);
    const zip = await c.staff.agent
      .get(`/manage/courses/${c.course._id}/certificates.zip`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    assert.equal(zip.headers['content-type'], 'application/zip');
    assert.equal((zip.body as Buffer).subarray(0, 2).toString(), 'PK');
  });

  it('lets staff revoke with a reason, and the check then says so plainly', async () => {
    const cert = await Certificate.findOne({ trainee: c.trainees[0]!._id }).lean();
    assert.ok(cert);
    const bad = await c.staff.agent
      .post(`/manage/certificates/${cert.number}/revoke`)
      .type('form')
      .send({ _csrf: c.staff.csrf, reason: '' })
      .expect(422);
    assert.equal(html(bad.text)('#e-reason').text(), '필수 입력 항목입니다.');
    await c.revokeFirstCertificate();
    const check = await request(ctx.app).get(`/verify/${cert.code}`).expect(200);
    assert.match(html(check.text)('.verify-result').text(), /취소된 수료증/);
    assert.equal(html(check.text)('.verify-facts').length, 0);
  });

  it('gives another university 404 on every route here, and refuses trainees and anonymous visitors', async () => {
    const other = await loginAgent(ctx.app, (await make.staff('korea')).email);
    const cert = await Certificate.findOne({ course: c.course._id }).lean();
    const report = await CompletionReport.create({
      university: c.course.university,
      period: '2026-Q1',
      version: 1,
      snapshot: '{}',
      contentHash: 'x',
      submittedBy: c.trainees[0]!._id,
      submittedAt: new Date(),
    });
    for (const path of [
      `/manage/courses/${c.course._id}/attendance`,
      `/manage/courses/${c.course._id}/complete`,
      `/manage/courses/${c.course._id}/certificates.zip`,
      `/manage/reports/${report._id}`,
      `/certificates/${cert?.number}`,
    ]) {
      await other.agent.get(path).expect(404);
    }
    for (const path of [
      `/manage/courses/${c.course._id}/attendance`,
      `/manage/courses/${c.course._id}/complete`,
      `/manage/certificates/${cert?.number}/revoke`,
    ]) {
      await other.agent.post(path).type('form').send({ _csrf: other.csrf, reason: 'x' }).expect(404);
    }
    const trainee = await loginAgent(ctx.app, c.trainees[2]!.email);
    for (const path of [
      `/manage/courses/${c.course._id}/attendance`,
      '/manage/reports',
      '/city',
      '/city/reports',
      '/city/export.csv',
    ]) {
      await trainee.agent.get(path).expect(403);
      await request(ctx.app).get(path).expect(303);
    }
    await c.staff.agent.get('/city').expect(403);
    await c.city.agent
      .post(`/manage/courses/${c.course._id}/complete`)
      .type('form')
      .send({ _csrf: c.city.csrf })
      .expect(403);
    await CompletionReport.deleteOne({ _id: report._id });
  });
});
