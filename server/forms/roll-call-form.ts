import { z } from 'zod';
import { attendanceStatuses } from '../../models/attendance';
import { rollCallStatuses, type RollCallTap } from '../services/attendance/roll-call';
import { parseForm } from './parse';

/** One tap of the roll call: `enrollment`, the tapped `status`, and `was`, what the row showed when the page was loaded. */
const tapSchema = z
  .object({
    enrollment: z.string().regex(/^[a-f0-9]{24}$/, 'forms.invalid'),
    status: z.enum(rollCallStatuses, 'attendance.errors.status'),
    was: z.enum(['', ...attendanceStatuses], 'attendance.errors.status').default(''),
  })
  .transform((f): RollCallTap => ({ enrollmentId: f.enrollment, status: f.status, shown: f.was }));

export function parseRollCallTap(body: unknown) {
  return parseForm(tapSchema, body);
}
