import assert from 'node:assert/strict';
import type * as cheerio from 'cheerio';

/**
 * One cell of a loaded attendance grid. The page names cells by row and column (`c[t3-d5]`, with
 * `row[t3]` and `col[d5]` naming the enrollment and session: views/attendance/grid.hbs).
 */
export function gridCell($: cheerio.CheerioAPI, enrollment: string, session: string) {
  const row = $(`input[name^="row["][value="${enrollment}"]`).attr('name')?.slice(4, -1);
  const column = $(`input[name^="col["][value="${session}"]`).attr('name')?.slice(4, -1);
  assert.ok(row && column, `the grid has a row for ${enrollment} and a column for ${session}`);
  const key = `${row}-${column}`;
  return {
    name: `c[${key}]`,
    input: $(`input[name="c[${key}]"]`),
    cell: $(`tr:has(input[name="row[${row}]"]) > td`).eq(Number(column.slice(1))),
  };
}

/**
 * The fields that post these cells without a loaded page, rows and columns numbered as the page
 * would; a cell's text is its mark, then its remark.
 */
export function gridFields(
  cells: readonly { enrollment: string; session: string; mark?: string; remark?: string }[],
): [string, string][] {
  const rows = [...new Set(cells.map((c) => c.enrollment))];
  const columns = [...new Set(cells.map((c) => c.session))];
  return [
    ...rows.map((id, i): [string, string] => [`row[t${i}]`, id]),
    ...columns.map((id, j): [string, string] => [`col[d${j}]`, id]),
    ...cells.flatMap(({ enrollment, session, mark, remark }) => {
      const key = `t${rows.indexOf(enrollment)}-d${columns.indexOf(session)}`;
      return [[`c[${key}]`, remark ? `${mark ?? ''} ${remark}` : (mark ?? '')] as [string, string]];
    }),
  ];
}
