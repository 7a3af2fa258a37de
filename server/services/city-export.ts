import ExcelJS from 'exceljs';
import type { Actor } from '../auth/actor';
import { cityRows, type CityFilter } from './city-dashboard';
import { toCsv } from './csv';
import type { FigureRow } from './programme-figures';

/** Columns of both exports. A trainee is named only with consent; every row is counted either way. */
const columns = [
  { key: 'university', header: 'university' },
  { key: 'quarter', header: 'quarter' },
  { key: 'courseCode', header: 'course_code' },
  { key: 'courseTitle', header: 'course_title' },
  { key: 'track', header: 'track' },
  { key: 'trainee', header: 'trainee_name' },
  { key: 'category', header: 'category' },
  { key: 'resident', header: 'pohang_resident' },
  { key: 'status', header: 'status' },
  { key: 'hours', header: 'hours' },
  { key: 'completedAt', header: 'completed_at' },
] as const;

type ExportRow = { [K in (typeof columns)[number]['key']]: string | number | boolean | Date | null };

/** The Asia/Seoul calendar day of an instant, as a date at UTC midnight (what spreadsheets show as that day). */
function seoulDay(at: Date): Date {
  const d = new Date(at.getTime() + 9 * 3600 * 1000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function toExportRow(r: FigureRow): ExportRow {
  return {
    university: r.university,
    quarter: r.quarter,
    courseCode: r.courseCode,
    courseTitle: r.courseTitle.ko,
    track: r.track,
    trainee: r.consent ? r.traineeName : '',
    category: r.category,
    resident: r.resident,
    status: r.status,
    hours: r.hours,
    completedAt: r.completedAt ? seoulDay(r.completedAt) : null,
  };
}

async function exportRows(actor: Actor, filter: CityFilter): Promise<ExportRow[]> {
  const { rows } = await cityRows(actor, filter);
  return rows.map(toExportRow).sort((a, b) => `${a.university}${a.courseCode}${a.trainee}`.localeCompare(`${b.university}${b.courseCode}${b.trainee}`));
}

/** CSV in UTF-8 with a BOM so that Excel opens Hangul correctly; dates as YYYY-MM-DD. */
export async function exportCsv(actor: Actor, filter: CityFilter): Promise<string> {
  const rows = await exportRows(actor, filter);
  const cell = (value: ExportRow[keyof ExportRow]) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
  return toCsv([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => cell(r[c.key])))]);
}

/** XLSX with a header row and typed columns: numbers as numbers, booleans as booleans, dates as dates. */
export async function exportXlsx(actor: Actor, filter: CityFilter): Promise<Buffer> {
  const rows = await exportRows(actor, filter);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Battery Talent Hub';
  const sheet = workbook.addWorksheet('enrollments');
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'courseTitle' ? 40 : 16 }));
  sheet.getColumn('completedAt').numFmt = 'yyyy-mm-dd';
  sheet.getColumn('hours').numFmt = '0.0';
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
