import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import type { Locale } from '../i18n';
import { dateText } from '../lib/date-text';
import { cellText } from './attendance-marks';
import type { AttendanceGrid, GridFrame, GridRow } from '../services/attendance/grid';

const escape = Handlebars.Utils.escapeExpression;

/** A text with one value, split around it once so that each row only joins strings. */
function around(t: TFunction, key: string, name: string): (value: string) => string {
  const mark = '\u0000';
  const [before = '', after = ''] = t(key, { [name]: mark }).split(mark);
  return (value) => `${before}${value}${after}`;
}

const statusLabels = (statuses: readonly string[], t: TFunction): Record<string, string> =>
  Object.fromEntries(statuses.map((status) => [status, t('attendance.status', { context: status })]));

/** The grid's texts that depend on the language only (the statuses are the model's fixed list). */
function languageTexts(t: TFunction, statuses: readonly string[]) {
  const labels = statusLabels(statuses, t);
  const option = (value: string, text: string, chosen: string) =>
    `<option value="${value}"${value === chosen ? ' selected' : ''}>${escape(text)}</option>`;
  const statusOptions = Object.fromEntries(
    ['', ...statuses].map((chosen) => [
      chosen,
      new Handlebars.SafeString(
        [option('', t('attendance.bulkNone'), chosen), ...statuses.map((s) => option(s, labels[s]!, chosen))].join(''),
      ),
    ]),
  );
  const marks = statuses.map((status) => labels[status]!);
  return {
    title: t('attendance.title'),
    marks,
    marksList: marks.join(', '),
    statusOptions,
    rollCallLabel: t('attendance.rollCall.title'),
    notHeldLabel: t('attendance.notHeldYet'),
    setSession: around(t, 'attendance.setSession', 'date'),
  };
}

/**
 * `languageTexts` made once per language and kept, as server/i18n/remembered-texts.ts keeps texts:
 * the locale files never change while the app runs, and these are a dozen translations (each tens
 * of microseconds) on every grid.
 */
const texts = new Map<string, ReturnType<typeof languageTexts>>();

/**
 * What views/attendance/grid.hbs renders around its rows, translated and formatted once per page
 * rather than once per cell. The bulk choices' option lists are rendered once for each chosen
 * value. `problems` come with a refused save only.
 */
export function attendanceGridView(
  grid: GridFrame & { problems?: AttendanceGrid['problems'] },
  t: TFunction,
  lang: Locale,
) {
  const key = `${lang} ${grid.statuses.join(',')}`;
  let known = texts.get(key);
  if (!known) texts.set(key, (known = languageTexts(t, grid.statuses)));
  const { setSession, ...page } = known;
  return {
    ...page,
    grid: { problems: [], ...grid },
    sessions: grid.sessions.map((session) => {
      const day = dateText(session.date, lang);
      return { ...session, day, setSession: setSession(day) };
    }),
  };
}

/**
 * What views/attendance/grid-rows.hbs renders: the grid's rows, with every cell's text made once
 * (a grid of 60 trainees × 12 sessions has 720 cells, and each translation costs tens of
 * microseconds).
 */
export function attendanceRowsView(grid: GridFrame, rows: readonly GridRow[], t: TFunction) {
  const labels = statusLabels(grid.statuses, t);
  const setTrainee = around(t, 'attendance.setTrainee', 'name');
  return {
    grid: { editable: grid.editable, rule: grid.rule },
    scoreLabel: t('attendance.score'),
    rows: rows.map((row) => ({
      ...row,
      setTrainee: setTrainee(row.name),
      bulkText: labels[row.bulk] ?? row.bulk,
      // What each cell showed, in column order (attendance-form.ts reads them back).
      shownMarks: row.cells.some((cell) => cell.shown) ? row.cells.map((cell) => cell.shown).join(',') : '',
      shownRemarks: row.cells.some((cell) => cell.shownRemark)
        ? JSON.stringify(row.cells.map((cell) => cell.shownRemark))
        : '',
      cells: row.cells.map((cell) => ({ ...cell, text: cellText(labels[cell.status] ?? cell.status, cell.remark) })),
    })),
  };
}
