import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import type { CourseFiguresDoc } from '../../../models/course-figures';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulWallClock } from '../../lib/calendar';
import { appliedFilter, figureFilterOf, type CityFilter } from './dashboard';
import { csvCell, defuseFormula } from '../../lib/csv';
import type { FigureRow } from './figures';
import { courseFiguresQuery, figureRowsOf } from './course-figures';

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
  const d = seoulWallClock(at);
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

/**
 * The export's rows, one course at a time from the read model (never the whole set in memory),
 * ordered by university code, course code, then trainee name.
 */
const byName = new Intl.Collator('ko');

async function* exportRows(filter: CityFilter): AsyncGenerator<ExportRow> {
  const cursor = courseFiguresQuery(await figureFilterOf(appliedFilter(filter)))
    .sort({ universityCode: 1, code: 1 })
    .lean<CourseFiguresDoc[]>()
    .cursor({ batchSize: 50 });
  for await (const course of cursor as AsyncIterable<CourseFiguresDoc>) {
    const rows = figureRowsOf(course).map(toExportRow);
    yield* rows.sort((a, b) => byName.compare(String(a.trainee), String(b.trainee)));
  }
}

async function* csvLines(filter: CityFilter): AsyncGenerator<string> {
  const cell = (value: ExportRow[keyof ExportRow]) =>
    csvCell(value instanceof Date ? value.toISOString().slice(0, 10) : value);
  yield `\uFEFF${columns.map((c) => csvCell(c.header)).join(',')}\r\n`;
  for await (const r of exportRows(filter)) yield `${columns.map((c) => cell(r[c.key])).join(',')}\r\n`;
}

/** Streams the CSV to `out` (UTF-8 with a BOM so that Excel opens Hangul correctly; dates as YYYY-MM-DD), then ends it. */
export async function exportCsv(actor: Actor, filter: CityFilter, out: Writable): Promise<void> {
  assertCanOnProgramme(actor, 'figures:read');
  await pipeline(Readable.from(csvLines(filter)), out);
}

/** Streams the XLSX to `out`, row by row: numbers as numbers, booleans as booleans, dates as dates. */
export async function exportXlsx(actor: Actor, filter: CityFilter, out: Writable): Promise<void> {
  assertCanOnProgramme(actor, 'figures:read');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Battery Talent Hub';
  const sheet = workbook.addWorksheet('enrollments', { views: [{ state: 'frozen', ySplit: 1 }] });
  const styles = columns.map((c): Partial<ExcelJS.Style> =>
    c.key === 'completedAt' ? { numFmt: 'yyyy-mm-dd' } : c.key === 'hours' ? { numFmt: '0.0' } : {},
  );
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'courseTitle' ? 40 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for await (const r of exportRows(filter)) {
    // Texts (course titles, names) are typed by people: none may become a formula when edited in Excel.
    const row = sheet.addRow(
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? defuseFormula(v) : v])),
    );
    // One style object per column, shared by its cells: exceljs remembers the id of a style object it
    // has seen, where a style of each cell's own costs it a lookup per cell (a third of the export's time).
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.style = styles[col - 1] ?? {};
    });
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
}
