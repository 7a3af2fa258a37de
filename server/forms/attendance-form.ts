import { z } from 'zod';
import { attendanceStatuses } from '../../models/attendance';
import { textLimits } from '../../models/text';
import type { AttendanceInput } from '../services/attendance';
import { text } from './fields';
import { parseForm } from './parse';

const status = z.enum(['', ...attendanceStatuses], 'attendance.errors.status');
const byId = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^[a-f0-9]{24}$/), value).default({});
const score = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.union([z.null(), z.coerce.number('attendance.errors.score').min(0, 'attendance.errors.score').max(100, 'attendance.errors.score')]),
);

/** The attendance grid as posted: cell[e][s], remark[e][s], allSession[s], allTrainee[e], score[e]. */
const attendanceSchema = z
  .object({
    cell: byId(byId(status)),
    remark: byId(byId(text(textLimits.attendanceRemark))),
    allSession: byId(status),
    allTrainee: byId(status),
    score: byId(score),
  })
  .transform((f): AttendanceInput => ({ cells: f.cell, remarks: f.remark, sessionAll: f.allSession, traineeAll: f.allTrainee, scores: f.score }));

/** Parses the posted grid; a remark's message is shown in its cell, where the cell's own messages go. */
export function parseAttendanceForm(body: unknown) {
  const form = parseForm(attendanceSchema, body);
  return form.ok ? form : { ...form, errors: Object.fromEntries(Object.entries(form.errors).map(([field, message]) => [field.replace(/^remark\./, 'cell.'), message])) };
}

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** What the user posted, leniently, to re-render the grid with their input after an error. */
export function postedAttendance(values: Record<string, unknown>): AttendanceInput {
  const nested = (v: unknown) => Object.fromEntries(Object.entries(record(v)).map(([k, row]) => [k, Object.fromEntries(Object.entries(record(row)).map(([s, x]) => [s, String(x)]))]));
  const scores = Object.fromEntries(Object.entries(record(values.score)).map(([k, v]) => [k, v === '' ? null : Number(v)]));
  return { cells: nested(values.cell) as AttendanceInput['cells'], remarks: nested(values.remark), sessionAll: {}, traineeAll: {}, scores };
}
