import type { TFunction } from 'i18next';
import { Course } from '../../../models/course';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { findByIds } from '../../lib/find-by-ids';
import { newPdf } from '../../lib/pdf-document';
import { labelledRows, type BreakdownKind } from '../city/figure-labels';
import type { Figures } from '../figures/figures';
import { getReport, type ReportView } from './completion-reports';
import { inLanguage, type Bilingual } from '../../lib/bilingual';

const margin = 50;
const ink = '#14213d';
const muted = '#5b6475';

/** The columns of the web page's figures table (views/partials/figures-table.hbs), in its order. */
export const figureColumns = [
  'enrollments',
  'completed',
  'notCompleted',
  'withdrawn',
  'completionRate',
  'hours',
  'uniqueTrainees',
  'residents',
] as const;

function figureText(figures: Figures, key: (typeof figureColumns)[number]): string {
  if (key === 'completionRate')
    return figures.completionRate === null ? '—' : `${Math.round(figures.completionRate * 1000) / 10}%`;
  return String(figures[key]);
}

/** Writes on A4 portrait pages, starting a new page when the next line would not fit. */
class Writer {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly dateTime: Intl.DateTimeFormat,
  ) {}

  get width(): number {
    return this.doc.page.width - 2 * margin;
  }

  room(height: number): void {
    if (this.doc.y + height > this.doc.page.height - margin - 20) this.doc.addPage();
  }

  heading(text: string): void {
    this.room(40);
    this.doc.moveDown(0.8).font('kr-bold').fontSize(12).fillColor(ink).text(text, margin, this.doc.y);
    this.doc.moveDown(0.3);
  }

  facts(rows: [string, string][]): void {
    for (const [label, value] of rows) {
      this.room(18);
      const y = this.doc.y;
      this.doc.font('kr').fontSize(9.5).fillColor(muted).text(label, margin, y, { width: 150 });
      this.doc
        .font('kr')
        .fillColor(ink)
        .text(value, margin + 155, y, { width: this.width - 155 });
      this.doc.moveDown(0.2);
    }
  }

  table(headers: string[], rows: string[][], firstWidth: number): void {
    const rest = (this.width - firstWidth) / (headers.length - 1);
    const widthOf = (i: number) => (i === 0 ? firstWidth : rest) - 4;
    const line = (cells: string[], bold: boolean) => {
      // Headers are smaller: eight figure columns fit a portrait page with each header word unbroken.
      this.doc
        .font(bold ? 'kr-bold' : 'kr')
        .fontSize(bold ? 6.5 : 8.5)
        .fillColor(ink);
      // A header may wrap: the row is as tall as its tallest cell.
      const height = Math.max(...cells.map((cell, i) => this.doc.heightOfString(cell, { width: widthOf(i) })));
      this.room(height + 6);
      const y = this.doc.y;
      cells.forEach((cell, i) => {
        const x = margin + (i === 0 ? 0 : firstWidth + (i - 1) * rest);
        this.doc.text(cell, x, y, { width: widthOf(i), align: i === 0 ? 'left' : 'right' });
      });
      this.doc
        .moveTo(margin, y + height + 2)
        .lineTo(margin + this.width, y + height + 2)
        .lineWidth(0.3)
        .stroke('#c9ced8');
      this.doc.text('', margin, y + height + 5);
    };
    line(headers, true);
    for (const row of rows) line(row, false);
  }

  date(at: Date | null | undefined): string {
    return at ? this.dateTime.format(at) : '—';
  }
}

/**
 * A submitted report as an official A4 document in the reader's language: who submitted it and when,
 * its review, version and content hash (printed on every page), the frozen figures and the named
 * completers. Loaded and guarded by getReport: the report's university and city staff only.
 */
export async function renderReportPdf(actor: Actor, id: string, t: TFunction, lang: string) {
  const report = await getReport(actor, id);
  const people = await findByIds(
    User,
    report.reviewedBy ? [report.submittedBy, report.reviewedBy] : [report.submittedBy],
    {
      name: 1,
    },
  );
  const names = new Map([...people].map(([id, user]) => [id, user.name]));
  const scope = report.snapshot.scope;
  // A course's period is its first to its last session: the course is read by `_id`, its sessions only.
  const course = scope.kind === 'course' ? await Course.findById(scope.courseId, { sessions: 1 }).lean() : null;
  const days = (course?.sessions ?? []).map((x) => x.date).sort();
  return { report, pdf: await writePdf(report, names, t, lang, { first: days[0], last: days.at(-1) }) };
}

/** The first and last day of a quarter (`2026-Q3` → 2026-07-01, 2026-09-30). */
export function quarterDays(quarter: string): { first: string; last: string } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const first = `${year}-${String(3 * q - 2).padStart(2, '0')}-01`;
  const last = new Date(Date.UTC(year, 3 * q, 0)).toISOString().slice(0, 10);
  return { first, last };
}

/** A report's period as dates with their year: a quarter's first and last day, a course's first and last session. */
export function periodText(
  scope: ReportView['snapshot']['scope'],
  courseDays: { first?: string; last?: string },
  lang: string,
): string {
  const format = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' });
  const day = (d: string) => format.format(new Date(`${d}T00:00:00Z`));
  const { first, last } = scope.kind === 'quarter' ? quarterDays(scope.quarter) : courseDays;
  const dates = first && last ? (first === last ? day(first) : `${day(first)} – ${day(last)}`) : '—';
  return scope.kind === 'quarter' ? `${scope.quarter} (${dates})` : dates;
}

async function writePdf(
  report: ReportView,
  names: Map<string, string>,
  t: TFunction,
  lang: string,
  courseDays: { first?: string; last?: string },
): Promise<Buffer> {
  const s = report.snapshot;
  const localized = (text: Bilingual) => inLanguage(text, lang);
  const period = periodText(s.scope, courseDays, lang);
  const subject =
    s.scope.kind === 'quarter' ? s.scope.quarter : `${s.scope.courseCode} ${localized(s.scope.courseTitle)}`;
  const title = `${t('reports.pdf.title')} · ${localized(s.university.name)} · ${subject}`;
  const { doc, done } = newPdf({
    size: 'A4',
    margins: { top: margin, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    info: { Title: title, Author: 'Battery Talent Hub', Subject: report.contentHash },
  });
  const w = new Writer(
    doc,
    new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: 'Asia/Seoul',
    }),
  );
  doc.font('kr').fontSize(9).fillColor(muted).text(t('reports.pdf.issuer'), margin, margin);
  doc.moveDown(0.4).font('kr-bold').fontSize(18).fillColor(ink).text(t('reports.pdf.title'));
  doc
    .font('kr')
    .fontSize(12)
    .text(`${localized(s.university.name)} · ${subject}`);
  doc.moveDown(0.6);
  const reviewed = report.status !== 'submitted';
  w.facts([
    [t('reports.university'), localized(s.university.name)],
    ...(s.scope.kind === 'course'
      ? [[t('reportPdf.course'), `${s.scope.courseCode} ${localized(s.scope.courseTitle)}`] as [string, string]]
      : []),
    [t('reports.period'), period],
    [t('reports.version'), `v${report.version}`],
    [t('reports.status'), t('reports.status', { context: report.status })],
    [t('reports.submittedAt'), `${w.date(report.submittedAt)} · ${names.get(String(report.submittedBy)) ?? '—'}`],
    ...(reviewed
      ? [
          [
            t('reports.pdf.reviewedAt', { context: report.status }),
            `${w.date(report.reviewedAt)} · ${names.get(String(report.reviewedBy)) ?? '—'}`,
          ] as [string, string],
        ]
      : []),
    ...(report.reviewNote ? [[t('reports.note'), report.reviewNote] as [string, string]] : []),
    [t('reports.hash'), report.contentHash],
    [t('reports.pdf.hashCheck'), t(report.hashMatches ? 'reports.hashMatch' : 'reports.hashMismatch')],
  ]);
  const headers = figureColumns.map((k) => t(`city.figure.${k}`));
  w.heading(t('reports.pdf.totals'));
  w.table(['', ...headers], [[t('reports.pdf.all'), ...figureColumns.map((k) => figureText(s.figures, k))]], 80);
  const breakdowns: [string, BreakdownKind, { key: string; figures: Figures }[]][] = [
    ['city.by.track', 'track', s.byTrack],
    ['city.by.category', 'category', s.byCategory],
    ['city.by.course', 'course', s.byCourse],
  ];
  for (const [caption, kind, rows] of breakdowns) {
    w.heading(t(caption));
    w.table(
      [t('city.key', { context: kind }), ...headers],
      labelledRows(rows, kind, t, lang).map((r) => [r.label, ...figureColumns.map((k) => figureText(r.figures, k))]),
      80,
    );
  }
  w.heading(t('reports.completers'));
  doc.font('kr').fontSize(8.5).fillColor(muted).text(t('reports.completersHint'), margin, doc.y, { width: w.width });
  doc.moveDown(0.3).fillColor(ink);
  if (s.completers.length === 0) doc.text(t('reports.noCompleters'));
  for (const c of s.completers) {
    w.room(14);
    doc.text(`${c.name} — ${c.courseCode} ${localized(c.courseTitle)}`, margin, doc.y, { width: w.width });
  }
  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i++) {
    doc.switchToPage(pages.start + i);
    // The footer sits in the bottom margin, where pdfkit would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('kr')
      .fontSize(7.5)
      .fillColor(muted)
      .text(
        `${t('reports.pdf.footer', { version: report.version, hash: report.contentHash })} · ${i + 1}/${pages.count}`,
        margin,
        doc.page.height - margin + 10,
        { width: w.width, lineBreak: false },
      );
  }
  doc.end();
  return done;
}
