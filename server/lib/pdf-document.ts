import path from 'node:path';
import PDFDocument from 'pdfkit';
import { fontsDir } from '../paths';

/** Noto Sans KR, embedded in every PDF the app writes so that Hangul renders on any machine. */
export const pdfFonts = {
  regular: path.join(fontsDir, 'NotoSansKR-Regular.ttf'),
  bold: path.join(fontsDir, 'NotoSansKR-Bold.ttf'),
};

/**
 * A new PDF document with the fonts registered as `kr` and `kr-bold`, and the whole file once `end()`
 * has been called on it (documents here are a few pages: they are sent whole, with their length).
 */
export function newPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('kr', pdfFonts.regular);
  doc.registerFont('kr-bold', pdfFonts.bold);
  return { doc, done };
}
