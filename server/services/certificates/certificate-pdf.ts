import { ZipArchive } from 'archiver';
import QRCode from 'qrcode';
import type { CertificateDoc } from '../../../models/certificate';
import { dateText } from '../../lib/date-text';
import { newPdf } from '../../lib/pdf-document';
import { certificatePeriod, type CertificateLook, type TrainingPeriod } from './document';

export function verifyUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(code)}`;
}

const ink = '#14213d';
const muted = '#5b6475';

/** "2026년 11월 2일 – 2026년 11월 20일 · 2 November 2026 – 20 November 2026": both ends with their year, in both languages. */
function periodText(period: TrainingPeriod): string {
  const range = (lang: 'ko' | 'en') => `${dateText(period.from, lang, 'long')} – ${dateText(period.to, lang, 'long')}`;
  return `${range('ko')} · ${range('en')}`;
}

/**
 * The printable certificate as a PDF on one A4 page, with Noto Sans KR embedded so Hangul renders:
 * the trainee, course, training period and hours, issued by Pohang City (the programme) and the
 * university that trained, with the configured signatory line and seal, and a QR code to the check.
 */
export async function renderCertificatePdf(c: CertificateDoc, look: CertificateLook): Promise<Buffer> {
  const [qr, period] = await Promise.all([
    QRCode.toBuffer(verifyUrl(look.baseUrl, c.code), { margin: 1, width: 240 }),
    certificatePeriod(c),
  ]);
  const { doc, done } = newPdf({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `${c.number} ${c.courseTitle.ko}`, Author: 'Battery Talent Hub' },
  });
  const width = doc.page.width - 112;
  const centred = { align: 'center', width } as const;
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(2)
    .stroke('#0b6e4f');
  doc.font('kr').fontSize(11).fillColor(muted).text(`제 ${c.number} 호`, 56, 48);
  doc.moveDown(0.8);
  doc.font('kr-bold').fontSize(32).fillColor(ink).text('수 료 증', centred);
  doc.font('kr').fontSize(12).fillColor(muted).text('Certificate of Completion', centred);
  doc.moveDown(0.8);
  doc.font('kr-bold').fontSize(22).fillColor(ink).text(c.traineeName, centred);
  doc.moveDown(0.5);
  doc.font('kr').fontSize(13).text(`과정명 Course: ${c.courseTitle.ko}`, centred);
  if (c.courseTitle.en) doc.fontSize(10).fillColor(muted).text(c.courseTitle.en, centred);
  doc.fillColor(ink).fontSize(11).moveDown(0.4);
  if (period) doc.text(`교육기간 Training period: ${periodText(period)}`, centred);
  doc.text(`교육시간 Hours: ${c.hours}`, centred);
  // Bilingual like the rest of the certificate: "2026년 12월 1일 · 1 December 2026".
  const issued = `${dateText(c.issuedAt, 'ko', 'long')} · ${dateText(c.issuedAt, 'en', 'long')}`;
  doc.text(`발급일 Issued: ${issued}`, centred);
  doc.moveDown(0.7);
  doc.fontSize(11).text('위 사람은 포항시 이차전지 인재양성 프로그램의 교육과정을 수료하였음을 증명합니다.', centred);
  doc
    .fontSize(9)
    .fillColor(muted)
    .text('This certifies that the above completed a course of the Pohang City battery talent programme.', centred);
  doc.moveDown(0.7);
  doc.font('kr-bold').fontSize(14).fillColor(ink).text(`주관 포항시 Pohang City`, centred);
  doc.text(`교육기관 ${c.universityName.ko} · ${c.universityName.en}`, centred);
  if (look.signatory) {
    doc.moveDown(0.4);
    const y = doc.y;
    doc.font('kr-bold').fontSize(13).text(look.signatory, centred);
    // The seal sits over the end of the signatory line, as a stamp does.
    if (look.seal) {
      const lineEnd = 56 + (width + Math.min(doc.widthOfString(look.signatory), width)) / 2;
      doc.image(look.seal.image, Math.min(lineEnd - 8, doc.page.width - 56 - 170), y - 18, { fit: [56, 56] });
    }
  } else if (look.seal) doc.image(look.seal.image, doc.page.width / 2 - 28, doc.y + 4, { fit: [56, 56] });
  doc.image(qr, doc.page.width - 56 - 96, doc.page.height - 56 - 110, { width: 96 });
  doc
    .font('kr')
    .fontSize(8)
    .fillColor(muted)
    .text(verifyUrl(look.baseUrl, c.code), 56, doc.page.height - 70, { width: width - 110 });
  if (c.revokedAt)
    doc
      .font('kr-bold')
      .fontSize(40)
      .fillColor('#b42318')
      .text('취소됨 REVOKED', 56, doc.page.height / 2 - 20, centred);
  doc.end();
  return done;
}

/** All given certificates' PDFs in one zip, named by certificate number. */
export async function zipCertificates(certificates: CertificateDoc[], look: CertificateLook): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
  for (const c of certificates) archive.append(await renderCertificatePdf(c, look), { name: `${c.number}.pdf` });
  await archive.finalize();
  return done;
}
