import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { Certificate } from '../../models/certificate';
import { seoulDayOf } from '../../server/lib/calendar';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { useCompletionCourse } from '../support/completion-course';
import { html, texts } from '../support/html';
import { binaryBody } from '../support/streams';

describe('certificates and the public check (pages)', () => {
  const ctx = useTestApp();
  const c = useCompletionCourse(ctx, 'completed');

  it('shows the certificate to its owner and the public check with five facts only', async () => {
    const owner = c.trainees[1]!;
    const cert = await Certificate.findOne({ trainee: owner._id }).lean();
    assert.ok(cert);
    const me = await loginAgent(ctx.app, owner.email);
    const page = await me.agent.get(`/certificates/${cert.number}`).expect(200);
    assert.equal(html(page.text)('.certificate-name').text(), '김동의');
    const pdf = await me.agent.get(`/certificates/${cert.number}.pdf`).buffer(true).parse(binaryBody).expect(200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal((pdf.body as Buffer).subarray(0, 4).toString(), '%PDF');
    const pdfText = execFileSync('pdftotext', ['-', '-'], { input: pdf.body as Buffer, encoding: 'utf8' });
    const [year, month, day] = seoulDayOf(cert.issuedAt).split('-').map(Number);
    const monthName = new Date(Date.UTC(2000, month! - 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
    assert.match(pdfText, new RegExp(`발급일 Issued: ${year}년 ${month}월 ${day}일 · ${day} ${monthName} ${year}`));
    const other = await loginAgent(ctx.app, c.trainees[2]!.email);
    await other.agent.get(`/certificates/${cert.number}`).expect(404);
    await other.agent.get(`/certificates/${cert.number}.pdf`).expect(404);
    await request(ctx.app).get(`/certificates/${cert.number}`).expect(303);

    const check = await request(ctx.app).get(`/verify/${cert.code}`).expect(200);
    const $ = html(check.text);
    assert.deepEqual(texts(check.text, '.verify-facts dt'), ['성명', '과정명', '교육기관', '교육시간', '발급일']);
    assert.deepEqual(texts(check.text, '.verify-facts dd').slice(0, 4), [
      '김동의',
      '폐배터리 재활용 공정',
      '포스텍',
      '15시간',
    ]);
    const main = $('main').text();
    for (const secret of [owner.email, '재직자', 'employee', '거주', cert.number])
      assert.ok(!main.includes(secret), `verification page leaks ${secret}`);
    const unknown = await request(ctx.app).get('/verify/NoSuchCodeNoSuchCode00').expect(404);
    assert.match(html(unknown.text)('.verify-result').text(), /확인할 수 없는 코드/);

    const transcript = await me.agent.get('/me/transcript').expect(200);
    assert.match(html(transcript.text)('.transcript').text(), /폐배터리 재활용 공정/);
    assert.equal(html(transcript.text)('.transcript-total').text(), '15');
  });

  it('speaks English when asked', async () => {
    const cert = await Certificate.findOne({ trainee: c.trainees[1]!._id }).lean();
    const check = await request(ctx.app).get(`/verify/${cert?.code}?lang=en`).expect(200);
    assert.equal(html(check.text)('h1').text(), 'Certificate check');
    assert.deepEqual(texts(check.text, '.verify-facts dt'), ['Name', 'Course', 'University', 'Hours', 'Issued']);
    assert.equal(texts(check.text, '.verify-facts dd')[1], 'Battery recycling process');
  });
});
