import { z } from 'zod';
import { attendanceStatuses } from '../../models/attendance';
import type { AttendanceInput } from '../services/attendance';

const status = z.union([z.enum(attendanceStatuses, 'attendance.errors.status'), z.literal('')]);
const byId = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^[a-f0-9]{24}$/), value).default({});
const score = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.union([z.null(), z.coerce.number('attendance.errors.score').min(0, 'attendance.errors.score').max(100, 'attendance.errors.score')]),
);

/** The attendance grid as posted: cell[e][s], remark[e][s], allSession[s], allTrainee[e], score[e]. */
export const attendanceSchema = z
  .object({
    cell: byId(byId(status)),
    remark: byId(byId(z.string().trim().max(200, 'forms.tooLong'))),
    allSession: byId(status),
    allTrainee: byId(status),
    score: byId(score),
  })
  .transform((f): AttendanceInput => ({ cells: f.cell, remarks: f.remark, sessionAll: f.allSession, traineeAll: f.allTrainee, scores: f.score }));

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** What the user posted, leniently, to re-render the grid with their input after an error. */
export function postedAttendance(values: Record<string, unknown>): AttendanceInput {
  const nested = (v: unknown) => Object.fromEntries(Object.entries(record(v)).map(([k, row]) => [k, Object.fromEntries(Object.entries(record(row)).map(([s, x]) => [s, String(x)]))]));
  const scores = Object.fromEntries(Object.entries(record(values.score)).map(([k, v]) => [k, v === '' ? null : Number(v)]));
  return { cells: nested(values.cell) as AttendanceInput['cells'], remarks: nested(values.remark), sessionAll: {}, traineeAll: {}, scores };
}
