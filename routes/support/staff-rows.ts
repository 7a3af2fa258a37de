import type { Response } from 'express';
import { attendanceRowsView } from '../../server/forms/attendance-grid-view';
import { RenderedRows, Spliced } from '../../server/lib/rendered-rows';
import { formMarks, formValues, pageLanguage as lang, renderOnItsOwn } from './render-on-its-own';
import {
  gridRows,
  rowsMoment,
  type GridFrame,
  type GridRow,
  type RowsSource,
} from '../../server/services/attendance/grid';
import { rosterRows, type RosterView } from '../../server/services/courses/roster';

/**
 * The rows of the roster and of the attendance grid as HTML, rendered once per state of what they
 * show (server/lib/rendered-rows.ts says why) and spliced into each page: the course's packed
 * roster entries and course document (by identity), the moment's day and sessions (`rowsMoment`),
 * the language and, for the roster, its view. A request with rows of its own — ticked boxes after
 * a refused decision, a refused grid's posted input — renders them live and keeps nothing.
 *
 * Sizes: 60 rows are about 100,000 characters of roster and 150,000 of grid; a few megabytes hold
 * the courses being worked on.
 */
const rosters = new RenderedRows<RosterRowsHtml>({ variants: 8, size: 3_000_000 }, (v) => v.size);
const grids = new RenderedRows<string>({ variants: 4, size: 3_000_000 }, (html) => html.length);

interface RosterRowsHtml {
  count: number;
  rows: string;
  /** The rows' approve and reject forms, with marks for their CSRF fields. */
  forms: Spliced;
  size: number;
}

/** The roster's rows (views/manage/courses/roster-rows.hbs) and their forms, with the boxes of `selected` ticked. */
export async function rosterRowsHtml(
  res: Response,
  source: RowsSource,
  view: RosterView,
  selected: readonly string[],
): Promise<{ count: number; rows: string; forms: string }> {
  const render = async (): Promise<RosterRowsHtml> => {
    const rows = rosterRows(source, view);
    const locals = { rows, selected: Object.fromEntries(selected.map((id) => [id, true])), ...formMarks };
    const [html, forms] = await Promise.all([
      renderOnItsOwn(res, 'manage/courses/roster-rows', locals),
      renderOnItsOwn(res, 'manage/courses/roster-row-forms', locals),
    ]);
    const spliced = Spliced.of(forms, formMarks);
    return { count: rows.length, rows: html, forms: spliced, size: html.length + spliced.size };
  };
  const held = selected.length
    ? await render()
    : await rosters.get(
        String(source.course._id),
        [source.entries, source.course],
        `${lang(res)} ${rowsMoment(source.course, source.now)} ${view.status ?? ''} ${view.sort ?? ''} ${view.q ?? ''}`,
        render,
      );
  return { count: held.count, rows: held.rows, forms: held.forms.fill(formValues(res)) };
}

/** The grid's rows (views/attendance/grid-rows.hbs); `posted`: the rows of a refused save, rendered as they are. */
export async function gridRowsHtml(
  res: Response,
  source: RowsSource,
  frame: GridFrame,
  posted?: readonly GridRow[],
): Promise<string> {
  const t = (res.locals as { t: Parameters<typeof attendanceRowsView>[2] }).t;
  const render = (rows: readonly GridRow[]) =>
    renderOnItsOwn(res, 'attendance/grid-rows', attendanceRowsView(frame, rows, t));
  if (posted) return render(posted);
  return grids.get(
    String(source.course._id),
    [source.entries, source.course],
    `${lang(res)} ${rowsMoment(source.course, source.now)}`,
    () => render(gridRows(source, frame.sessions)),
  );
}
