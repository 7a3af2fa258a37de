import { runOnce } from '../jobs/run-once';
import { fillMissingAttendanceSheets } from '../services/attendance/sheets';
import { fillMissingRosterTrainees } from '../services/courses/roster-trainees';

/**
 * Gives the data of versions before the roster's read models their attendance sheets and roster
 * rows (models/attendance-sheet.ts, models/roster-trainee.ts), once; the writes of marks and
 * profiles keep them current from then on. Returns how many documents were inserted.
 */
export async function backfillRosterReadModels(): Promise<number> {
  const sheets = await runOnce('attendance-sheets-backfill', fillMissingAttendanceSheets);
  return sheets + (await runOnce('roster-trainees-backfill', fillMissingRosterTrainees));
}
