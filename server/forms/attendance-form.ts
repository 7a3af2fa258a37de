import { z } from 'zod';
import { attendanceStatuses } from '../../models/attendance';
import { textLimits } from '../../models/text';
import type { AttendanceInput } from '../services/attendance/grid';
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

/** Parses the posted grid; a remark's message is shown in its cell, where the cell's own messages go. */
export function parseAttendanceForm(body: unknown) {
  const form = parseForm(attendanceSchema, body);
  return form.ok
    ? form
    : {
        ...form,
        errors: Object.fromEntries(
          Object.entries(form.errors).map(([field, message]) => [field.replace(/^remark\./, 'cell.'), message]),
        ),
      };
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
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
