import { z } from 'zod';
import { attendanceStatuses } from '../../models/attendance';
import { textLimits } from '../../models/text';
import type { AttendanceInput } from '../services/attendance/grid';
import { readCell, statusOfTypedMark } from './attendance-marks';
import { text } from './fields';
import { parseForm } from './parse';

const status = z.enum(['', ...attendanceStatuses], 'attendance.errors.status');
const byId = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^[a-f0-9]{24}$/), value).default({});
const score = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.union([
    z.null(),
    z.coerce.number('attendance.errors.score').min(0, 'attendance.errors.score').max(100, 'attendance.errors.score'),
  ]),
);

/**
 * The attendance grid as posted: cell[e][s], remark[e][s], allSession[s], allTrainee[e], score[e],
 * and what the page showed when it was loaded: was[e][s], wasRemark[e][s], wasScore[e].
 */
const attendanceSchema = z
  .object({
    cell: byId(byId(status)),
    remark: byId(byId(text(textLimits.attendanceRemark))),
    was: byId(byId(status)),
    wasRemark: byId(byId(z.string().trim())),
    allSession: byId(status),
    allTrainee: byId(status),
    score: byId(score),
    wasScore: byId(score.catch(null)),
  })
  .transform((f): AttendanceInput => ({
    cells: f.cell,
    remarks: f.remark,
    shown: f.was,
    shownRemarks: f.wasRemark,
    sessionAll: f.allSession,
    traineeAll: f.allTrainee,
    scores: f.score,
    shownScores: f.wasScore,
  }));

const objectId = /^[a-f0-9]{24}$/;
const gridOnlyFields = new Set(['row', 'col', 'c', 'w', 'wm']);

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** `row[t3]` and `col[d5]`: the ids the page named its rows and columns by; anything else is dropped. */
function idsOf(v: unknown): Map<string, string> {
  return new Map(
    Object.entries(record(v)).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && objectId.test(entry[1]),
    ),
  );
}

/** A set of posted fields (`name[key]=…`); a bare value or a list is not. */
function isFields(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type ById = Map<string, Map<string, unknown>>;

function put(into: ById, e: string, s: string, value: unknown): void {
  into.set(e, (into.get(e) ?? new Map<string, unknown>()).set(s, value));
}

const objectOf = (map: ById) => Object.fromEntries([...map].map(([e, cells]) => [e, Object.fromEntries(cells)]));

/**
 * What each row showed when the page was loaded (`w[t3]`: statuses joined by commas, `wm[t3]`:
 * remarks as JSON), by enrollment and session id; a row whose record does not parse showed
 * nothing, so its changes are then all the user's.
 */
function shownById(
  posted: unknown,
  split: (value: string) => unknown,
  rows: ReadonlyMap<string, string>,
  columns: ReadonlyMap<string, string>,
) {
  const shown: ById = new Map();
  for (const [row, value] of Object.entries(record(posted))) {
    const e = rows.get(row);
    let list: unknown;
    try {
      list = typeof value === 'string' ? split(value) : undefined;
    } catch {
      list = undefined;
    }
    if (!e || !Array.isArray(list)) continue;
    shown.set(e, new Map());
    for (const [column, s] of columns) {
      const cell: unknown = list[Number(column.slice(1))];
      if (typeof cell === 'string' && cell !== '') put(shown, e, s, cell);
    }
  }
  return objectOf(shown);
}

/** Bulk choices by id, each typed mark as the status it names; anything else goes to the schema as it came. */
const bulkStatuses = (v: unknown) =>
  isFields(v)
    ? Object.fromEntries(Object.entries(v).map(([id, m]) => [id, typeof m === 'string' ? statusOfTypedMark(m) : m]))
    : v;

/**
 * views/attendance/grid.hbs names each cell by its row and column (`c[t3-d5]`), which keeps a grid
 * of 720 cells small, and names the rows' enrollments and the columns' sessions once (`row[t3]`,
 * `col[d5]`). A cell holds its mark and remark as one text ("공결 병원 진료"). Here they become the
 * fields by enrollment and session id that the schema reads, each typed mark as the status it names.
 */
export function cellsById(body: unknown): Record<string, unknown> {
  const posted = record(body);
  const rows = idsOf(posted.row);
  const columns = idsOf(posted.col);
  const status: ById = new Map();
  const remark: ById = new Map();
  for (const [name, value] of isFields(posted.c) ? Object.entries(posted.c) : []) {
    const [row, column] = name.split('-');
    const e = rows.get(row ?? '');
    const s = columns.get(column ?? '');
    if (!e || !s) continue;
    if (typeof value !== 'string') {
      put(status, e, s, value);
      continue;
    }
    const cell = readCell(value);
    put(status, e, s, cell.status);
    put(remark, e, s, cell.remark);
  }
  const rest = Object.fromEntries(Object.entries(posted).filter(([name]) => !gridOnlyFields.has(name)));
  return {
    ...rest,
    // Anything but a set of cells (a bare string, a list) goes to the schema as it came, to be refused.
    cell: posted.c === undefined || isFields(posted.c) ? objectOf(status) : posted.c,
    remark: objectOf(remark),
    was: shownById(posted.w, (value) => value.split(','), rows, columns),
    wasRemark: shownById(posted.wm, (value) => JSON.parse(value) as unknown, rows, columns),
    ...(posted.allTrainee === undefined ? {} : { allTrainee: bulkStatuses(posted.allTrainee) }),
    ...(posted.allSession === undefined ? {} : { allSession: bulkStatuses(posted.allSession) }),
  };
}

/** Parses the posted grid; a remark's message is shown in its cell, where the cell's own messages go. */
export function parseAttendanceForm(body: unknown) {
  const form = parseForm(attendanceSchema, cellsById(body));
  return form.ok
    ? form
    : {
        ...form,
        errors: Object.fromEntries(
          Object.entries(form.errors).map(([field, message]) => [field.replace(/^remark\./, 'cell.'), message]),
        ),
      };
}

const flat = (v: unknown) => Object.fromEntries(Object.entries(record(v)).map(([k, x]) => [k, String(x)]));
const nested = (v: unknown) => Object.fromEntries(Object.entries(record(v)).map(([k, row]) => [k, flat(row)]));
const scores = (v: unknown) =>
  Object.fromEntries(Object.entries(flat(v)).map(([k, x]) => [k, x === '' ? null : Number(x)]));

/** What the user posted, leniently, to re-render the grid with their input after an error. */
export function postedAttendance(values: Record<string, unknown>): AttendanceInput {
  type Cells = AttendanceInput['cells'];
  type Bulk = AttendanceInput['sessionAll'];
  return {
    cells: nested(values.cell) as Cells,
    remarks: nested(values.remark),
    shown: nested(values.was) as Cells,
    shownRemarks: nested(values.wasRemark),
    sessionAll: flat(values.allSession) as Bulk,
    traineeAll: flat(values.allTrainee) as Bulk,
    scores: scores(values.score),
    shownScores: scores(values.wasScore),
  };
}
