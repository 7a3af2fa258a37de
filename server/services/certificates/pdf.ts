import { ZipArchive } from 'archiver';
import QRCode from 'qrcode';
import type { CertificateDoc } from '../../../models/certificate';
import { dateText } from '../../lib/date-text';
import { newPdf } from '../../lib/pdf';

export function verifyUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify/${encodeURIComponent(code)}`;
}

/** The printable certificate as a PDF, with Noto Sans KR embedded so Hangul renders, and a QR code to its public check. */
export async function renderCertificatePdf(c: CertificateDoc, baseUrl: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl(baseUrl, c.code), { margin: 1, width: 240 });
  const { doc, done } = newPdf({
    size: 'A4',
    layout: 'landscape',
    margin: 56,
    info: { Title: `${c.number} ${c.courseTitle.ko}`, Author: 'Battery Talent Hub' },
  });
  const width = doc.page.width - 112;
  doc
    .rect(28, 28, doc.page.width - 56, doc.page.height - 56)
    .lineWidth(2)
    .stroke('#0b6e4f');
  doc.font('kr').fontSize(11).fillColor('#5b6475').text(`제 ${c.number} 호`, 56, 56);
  doc.moveDown(1.5);
  doc.font('kr-bold').fontSize(34).fillColor('#14213d').text('수 료 증', { align: 'center', width });
  doc.font('kr').fontSize(13).fillColor('#5b6475').text('Certificate of Completion', { align: 'center', width });
  doc.moveDown(1.5);
  doc.font('kr-bold').fontSize(24).fillColor('#14213d').text(c.traineeName, { align: 'center', width });
  doc.moveDown(0.8);
  doc.font('kr').fontSize(14).text(`과정명 Course: ${c.courseTitle.ko}`, { align: 'center', width });
  if (c.courseTitle.en) doc.fontSize(11).fillColor('#5b6475').text(c.courseTitle.en, { align: 'center', width });
  doc.fillColor('#14213d').fontSize(13).moveDown(0.6);
  doc.text(`교육시간 Hours: ${c.hours}`, { align: 'center', width });
  // Bilingual like the rest of the certificate: "2026년 12월 1일 · 1 December 2026".
  const issued = `${dateText(c.issuedAt, 'ko', 'long')} · ${dateText(c.issuedAt, 'en', 'long')}`;
  doc.text(`발급일 Issued: ${issued}`, { align: 'center', width });
  doc.moveDown(1);
  doc.fontSize(12).text('위 사람은 포항시 이차전지 인재양성 프로그램의 교육과정을 수료하였음을 증명합니다.', {
    align: 'center',
    width,
  });
  doc.moveDown(1);
  doc.font('kr-bold').fontSize(16).text(`${c.universityName.ko} · ${c.universityName.en}`, { align: 'center', width });
  doc.image(qr, doc.page.width - 56 - 96, doc.page.height - 56 - 110, { width: 96 });
  doc
    .font('kr')
    .fontSize(8)
    .fillColor('#5b6475')
    .text(verifyUrl(baseUrl, c.code), 56, doc.page.height - 70, { width: width - 110 });
  if (c.revokedAt)
    doc
      .font('kr-bold')
      .fontSize(40)
      .fillColor('#b42318')
      .text('취소됨 REVOKED', 56, doc.page.height / 2 - 20, { align: 'center', width });
  doc.end();
  return done;
}

/** All given certificates' PDFs in one zip, named by certificate number. */
export async function zipCertificates(certificates: CertificateDoc[], baseUrl: string): Promise<Buffer> {
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
  for (const c of certificates) archive.append(await renderCertificatePdf(c, baseUrl), { name: `${c.number}.pdf` });
  await archive.finalize();
  return done;
}
