import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Certificate } from '../../models/certificate';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { useCompletionCourse } from '../support/completion-course';
import { pdfPages, pdfText } from '../support/documents';
import { html } from '../support/html';
import { binaryBody } from '../support/streams';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-seal-'));
/** A 1×1 PNG: enough for a seal the PDF must embed. */
const sealFile = path.join(dir, 'seal.png');
fs.writeFileSync(
  sealFile,
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const signatory = '포항시장 이강덕 · 포스텍 총장 김성근';

/** How many images a PDF shows, by poppler's pdfimages. */
function pdfImages(pdf: Buffer): number {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bth-pdf-')), 'c.pdf');
  fs.writeFileSync(file, pdf);
  const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  // An image with transparency is listed twice: the image and its soft mask (smask).
  return rows.filter((row) => row.trim().split(/\s+/)[2] === 'image').length;
}

/** "2026년 8월 10일" and "10 August 2026" of a YYYY-MM-DD day. */
function longDates(day: string) {
  const [year, month, date] = day.split('-').map(Number);
  const monthName = new Date(Date.UTC(2000, month! - 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
  return { ko: `${year}년 ${month}월 ${date}일`, en: `${date} ${monthName} ${year}` };
}

describe('certificates an employer accepts', () => {
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('with a signatory and a seal configured', () => {
    const ctx = useTestApp({ CERTIFICATE_SIGNATORY: signatory, CERTIFICATE_SEAL_PATH: sealFile });
    const c = useCompletionCourse(ctx, 'completed');

    it('shows the training period with years, Pohang City beside the university, the signatory and the seal, on the PDF and the web', async () => {
      const owner = c.trainees[1]!;
      const cert = await Certificate.findOne({ trainee: owner._id }).lean();
      assert.ok(cert);
      const first = longDates(c.sessions[0]!.date);
      const last = longDates(c.sessions.at(-1)!.date);
      assert.deepEqual([cert.periodFrom, cert.periodTo], [c.sessions[0]!.date, c.sessions.at(-1)!.date]);
      const me = await loginAgent(ctx.app, owner.email);

      const pdf = (await me.agent.get(`/certificates/${cert.number}.pdf`).buffer(true).parse(binaryBody).expect(200))
        .body as Buffer;
      const text = pdfText(pdf).replace(/\s+/g, ' ');
      assert.ok(text.includes(`교육기간 Training period: ${first.ko} – ${last.ko} · ${first.en} – ${last.en}`), text);
      assert.match(text, /주관 포항시 Pohang City/);
      assert.match(text, /교육기관 포스텍 · POSTECH/);
      assert.ok(text.includes(signatory), 'the signatory line');
      assert.equal(pdfPages(pdf), 1, 'one page');
      assert.equal(pdfImages(pdf), 2, 'the QR code and the seal');

      const page = await me.agent.get(`/certificates/${cert.number}`).expect(200);
      const $ = html(page.text);
      assert.equal($('.certificate-period').text(), `${first.ko} ~ ${last.ko}`);
      assert.equal($('.certificate-issuer').text(), '포항시 (이차전지 인재양성 프로그램)');
      assert.equal($('.certificate-university').text(), '포스텍');
      assert.match($('.certificate-issued').text(), /^\d{4}년 \d{1,2}월 \d{1,2}일$/);
      assert.equal($('.certificate-signatory-line').text(), signatory);
      assert.match($('img.certificate-seal').attr('src') ?? '', /^data:image\/png;base64,iVBOR/);
      assert.equal($('img.certificate-seal').attr('alt'), '직인');

      const en = html((await me.agent.get(`/certificates/${cert.number}?lang=en`).expect(200)).text);
      assert.equal(en('.certificate-period').text(), `${first.en} – ${last.en}`);
      assert.equal(en('.certificate-issuer').text(), 'Pohang City (battery talent programme)');

      const issued = longDates(cert.issuedAt.toLocaleDateString('sv', { timeZone: 'Asia/Seoul' }));
      const check = html((await request(ctx.app).get(`/verify/${cert.code}`).expect(200)).text);
      assert.equal(check('.verify-issued').text(), issued.ko);
      const checkEn = html((await request(ctx.app).get(`/verify/${cert.code}?lang=en`).expect(200)).text);
      assert.equal(checkEn('.verify-issued').text(), issued.en);
    });

    it('states the period of a certificate issued before periods were recorded, from its course', async () => {
      const cert = await Certificate.findOne({ trainee: c.trainees[0]!._id }).lean();
      assert.ok(cert);
      await Certificate.updateOne({ _id: cert._id }, { $unset: { periodFrom: 1, periodTo: 1 } });
      const page = await c.city.agent.get(`/certificates/${cert.number}`).expect(200);
      const first = longDates(c.sessions[0]!.date);
      const last = longDates(c.sessions.at(-1)!.date);
      assert.equal(html(page.text)('.certificate-period').text(), `${first.ko} ~ ${last.ko}`);
    });
  });

  describe('without a signatory or seal', () => {
    const ctx = useTestApp();
    const c = useCompletionCourse(ctx, 'completed');

    it('prints neither, and still names Pohang City and the period', async () => {
      const cert = await Certificate.findOne({ trainee: c.trainees[1]!._id }).lean();
      assert.ok(cert);
      const pdf = (
        await c.city.agent.get(`/certificates/${cert.number}.pdf`).buffer(true).parse(binaryBody).expect(200)
      ).body as Buffer;
      assert.equal(pdfImages(pdf), 1, 'the QR code only');
      assert.match(pdfText(pdf), /주관 포항시 Pohang City/);
      const $ = html((await c.city.agent.get(`/certificates/${cert.number}`).expect(200)).text);
      assert.equal($('.certificate-signatory').length, 0);
      assert.ok($('.certificate-period').text().includes('년'));
    });
  });
});
