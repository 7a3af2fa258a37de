import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

function pdfFile(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bth-pdf-')), 'document.pdf');
  fs.writeFileSync(file, pdf);
  return file;
}

/** The text of a generated PDF in reading layout, as poppler's pdftotext extracts it. */
export const pdfText = (pdf: Buffer): string =>
  execFileSync('pdftotext', ['-layout', pdfFile(pdf), '-'], { encoding: 'utf8' });

export const pdfPages = (pdf: Buffer): number =>
  Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdfFile(pdf)], { encoding: 'utf8' }))?.[1]);

/** A generated XLSX read back as Excel would open it. */
export async function workbookOf(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}
