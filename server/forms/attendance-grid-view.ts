import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import type { Locale } from '../i18n';
import { dateText } from '../lib/date-text';
import { cellText } from './attendance-marks';
import type { AttendanceGrid } from '../services/attendance/grid';

const escape = Handlebars.Utils.escapeExpression;

/** A text with one value, split around it once so that each row only joins strings. */
function around(t: TFunction, key: string, name: string): (value: string) => string {
  const mark = '\u0000';
  const [before = '', after = ''] = t(key, { [name]: mark }).split(mark);
  return (value) => `${before}${value}${after}`;
}

/**
 * What views/attendance/grid.hbs renders, translated and formatted once per page rather than once
 * per cell: a grid of 60 trainees × 12 sessions has 720 cells, and each translation or date costs
 * tens of microseconds. The bulk choices' option lists are rendered once for each chosen value.
 */
export function attendanceGridView(grid: AttendanceGrid, t: TFunction, lang: Locale) {
  const labels: Record<string, string> = Object.fromEntries(
    grid.statuses.map((status) => [status, t('attendance.status', { context: status })]),
  );
  const option = (value: string, text: string, chosen: string) =>
    `<option value="${value}"${value === chosen ? ' selected' : ''}>${escape(text)}</option>`;
  const statusOptions = Object.fromEntries(
    ['', ...grid.statuses].map((chosen) => [
      chosen,
      new Handlebars.SafeString(
        [option('', t('attendance.bulkNone'), chosen), ...grid.statuses.map((s) => option(s, labels[s]!, chosen))].join(
          '',
        ),
      ),
    ]),
  );
  const setTrainee = around(t, 'attendance.setTrainee', 'name');
  const marks = grid.statuses.map((status) => labels[status]!);
  return {
    title: t('attendance.title'),
    grid,
    marks,
    marksList: marks.join(', '),
    statusOptions,
    rollCallLabel: t('attendance.rollCall.title'),
    notHeldLabel: t('attendance.notHeldYet'),
    scoreLabel: t('attendance.score'),
    sessions: grid.sessions.map((session) => {
      const day = dateText(session.date, lang);
      return { ...session, day, setSession: t('attendance.setSession', { date: day }) };
    }),
    rows: grid.rows.map((row) => ({
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
