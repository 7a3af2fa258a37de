import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TFunction } from 'i18next';
import type { CourseFiguresDoc } from '../../../models/course-figures';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { seoulDayOf, seoulWallClock } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { csvCell } from '../../lib/csv';
import { pseudonymOf } from '../../lib/pseudonym';
import { writeXlsx, type Cell } from '../../lib/xlsx-stream';
import { appliedFilter, buildCityDashboard, figureFilterOf, type CityFilter } from './dashboard';
import { labelledRows } from './figure-labels';
import type { FigureRow, Figures } from '../figures/figures';
import { courseFiguresQuery, figureRowsOf } from '../copies/course-figures';
import { inLanguage } from '../../lib/bilingual';
import { attachmentDisposition } from '../../lib/content-disposition';

/** What an export needs besides its filter: the reader's language, and the key of the trainee pseudonyms. */
export interface ExportContext {
  t: TFunction;
  lang: 'ko' | 'en';
  pseudonymKey: Buffer;
}

/**
 * Columns of both exports, headed in the reader's language. A trainee is named only with consent;
 * every row is counted either way and carries the trainee's pseudonym (lib/pseudonym.ts), the same
 * in every export, so quarters can be joined without names.
 */
const columns = [
  { key: 'university', width: 24 },
  { key: 'quarter', width: 10 },
  { key: 'courseCode', width: 14 },
  { key: 'courseTitle', width: 40 },
  { key: 'track', width: 18 },
  { key: 'trainee', width: 16 },
  { key: 'category', width: 14 },
  { key: 'resident', width: 12 },
  { key: 'status', width: 12 },
  { key: 'courseHours', width: 12, numFmt: '0.0' },
  { key: 'creditedHours', width: 14, numFmt: '0.0' },
  { key: 'completedAt', width: 12, numFmt: 'yyyy-mm-dd' },
  { key: 'traineeId', width: 24 },
] as const;

type ExportRow = Cell[];

/** The Asia/Seoul calendar day of an instant, as a date at UTC midnight (what spreadsheets show as that day). */
function seoulDay(at: Date): Date {
  const d = seoulWallClock(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function rowOf(r: FigureRow, { t, lang, pseudonymKey }: ExportContext): ExportRow {
  return [
    t('city.university', { context: r.university, defaultValue: r.university }),
    r.quarter,
    r.courseCode,
    inLanguage(r.courseTitle, lang),
    t(`courses.tracks.${r.track}`),
    r.consent ? r.traineeName : '',
    t('city.category', { context: r.category }),
    t(r.resident ? 'city.export.yes' : 'city.export.no'),
    t(`enrollment.status.${r.status}`),
    r.hours,
    creditedHours(r),
    r.completedAt ? seoulDay(r.completedAt) : null,
    pseudonymOf(pseudonymKey, r.traineeId),
  ];
}

/**
 * The hours a row adds to the dashboard's "training hours (completed)" (figures.ts): its course's
 * total hours when completed, else 0. So the column adds up to the dashboard's figure.
 */
export function creditedHours(r: FigureRow): number {
  return r.status === 'completed' ? r.hours : 0;
}

const byName = new Intl.Collator('ko');

/**
 * The export's rows, one course at a time from the read model (never the whole set in memory),
 * ordered by university code, course code, then trainee name.
 */
async function* exportRows(filter: CityFilter, context: ExportContext): AsyncGenerator<ExportRow> {
  const cursor = courseFiguresQuery(await figureFilterOf(appliedFilter(filter)))
    .sort({ universityCode: 1, code: 1 })
    .lean<CourseFiguresDoc[]>()
    .cursor({ batchSize: 50 });
  for await (const course of cursor as AsyncIterable<CourseFiguresDoc>) {
    const rows = figureRowsOf(course).sort((a, b) => byName.compare(a.traineeName, b.traineeName));
    for (const r of rows) yield rowOf(r, context);
  }
}

const headers = ({ t }: ExportContext) =>
  columns.map((c) =>
    c.key === 'courseHours' || c.key === 'creditedHours'
      ? t(`exportNotes.column.${c.key}`)
      : t(`city.export.column.${c.key}`),
  );

/**
 * The Content-Disposition of an export, its name saying the filter it applied:
 * `이차전지인재허브_수강내역_2026-Q3_경북대학교_셀·공정.xlsx` in the reader's language (filename*),
 * `battery-talent-hub_2026-Q3_knu_cell.xlsx` for clients that read only `filename`.
 */
export function exportDisposition(filter: CityFilter, extension: 'csv' | 'xlsx', { t }: Pick<ExportContext, 't'>) {
  const applied = appliedFilter(filter);
  const part = (text: string) => text.replace(/[^\p{L}\p{N}·.-]+/gu, '-').slice(0, 60);
  const asciiPart = (text: string) => text.replace(/[^A-Za-z0-9.-]+/g, '-').slice(0, 40);
  const name = [
    t('exportNotes.fileName.base'),
    applied.period ?? t('exportNotes.fileName.allPeriods'),
    ...(applied.university
      ? [t('city.university', { context: applied.university, defaultValue: applied.university })]
      : []),
    ...(applied.track ? [t(`courses.tracks.${applied.track}`)] : []),
  ];
  const ascii = [
    'battery-talent-hub',
    applied.period ?? 'all-periods',
    ...(applied.university ? [applied.university] : []),
    ...(applied.track ? [applied.track] : []),
  ];
  return attachmentDisposition(
    `${name.map(part).join('_')}.${extension}`,
    `${ascii.map(asciiPart).join('_')}.${extension}`,
  );
}

async function* csvLines(filter: CityFilter, context: ExportContext): AsyncGenerator<string> {
  // Booleans are written as words (예/아니요) by rowOf already.
  const cell = (value: Cell) => csvCell(value instanceof Date ? value.toISOString().slice(0, 10) : value);
  yield `\uFEFF${headers(context).map(csvCell).join(',')}\r\n`;
  for await (const r of exportRows(filter, context)) yield `${r.map(cell).join(',')}\r\n`;
}

/** An export of the filtered programme for the city, streamed to `out`, which it ends. */
type Exporter = (actor: Actor, filter: CityFilter, out: Writable, context: ExportContext) => Promise<void>;

/** The CSV: UTF-8 with a BOM so that Excel opens Hangul correctly; dates as YYYY-MM-DD. */
export const exportCsv: Exporter = async (actor, filter, out, context) => {
  assertCanOnProgramme(actor, 'figures:read');
  await pipeline(Readable.from(csvLines(filter, context)), out);
};

const summaryFigures: (keyof Figures)[] = [
  'uniqueTrainees',
  'enrollments',
  'completed',
  'notCompleted',
  'withdrawn',
  'inTraining',
  'completionRate',
  'hours',
  'residents',
  'residentCompletions',
];

/**
 * The summary sheet: the filter, then the figures the dashboard shows for it (the same cached
 * computation) with how the hours are defined, in total and per university.
 */
async function summaryRows(actor: Actor, filter: CityFilter, { t, lang }: ExportContext): Promise<Cell[][]> {
  const dashboard = await buildCityDashboard(actor, filter);
  const { applied } = dashboard;
  const all = t('city.filter.all');
  // The rate as the dashboard shows it: a percentage to one decimal.
  const value = (f: Figures, key: keyof Figures): Cell =>
    key === 'completionRate' ? (f.completionRate === null ? null : Math.round(f.completionRate * 1000) / 10) : f[key];
  return [
    [t('city.filter.period'), applied.period ?? all],
    [t('city.filter.university'), applied.university ? t('city.university', { context: applied.university }) : all],
    [t('city.filter.track'), applied.track ? t(`courses.tracks.${applied.track}`) : all],
    [t('city.export.generatedAt'), seoulDayOf(clock.now())],
    [],
    ...summaryFigures.map((key): Cell[] => [t(`city.export.figure.${key}`), value(dashboard.totals, key)]),
    [t('exportNotes.hoursDefinition')],
    [],
    [t('city.key_university'), ...summaryFigures.map((key) => t(`city.export.figure.${key}`))],
    ...labelledRows(dashboard.byUniversity, 'university', t, lang).map((r): Cell[] => [
      r.label,
      ...summaryFigures.map((key) => value(r.figures, key)),
    ]),
  ];
}

/** The XLSX: a summary sheet with the dashboard's figures for the filter, then one row per enrollment. */
export const exportXlsx: Exporter = async (actor, filter, out, context) => {
  assertCanOnProgramme(actor, 'figures:read');
  const { t } = context;
  const summary = await summaryRows(actor, filter, context);
  await writeXlsx(out, [
    {
      name: t('city.export.sheet.summary'),
      columns: [
        { header: t('city.export.item'), width: 28 },
        { header: t('city.export.value'), width: 14 },
        ...summaryFigures.slice(1).map(() => ({ header: '', width: 14 })),
      ],
      rows: summary,
    },
    {
      name: t('city.export.sheet.enrollments'),
      columns: columns.map((c, i) => ({
        header: headers(context)[i]!,
        width: c.width,
        ...('numFmt' in c && { numFmt: c.numFmt }),
      })),
      rows: exportRows(filter, context),
    },
  ]);
};
