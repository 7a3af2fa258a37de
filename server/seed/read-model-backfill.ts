import { runOnce } from '../jobs/run-once';
import { fillMissingAttendanceSheets } from '../services/attendance/sheets';
import { rebuildAllCourseFigures } from '../services/city/course-figures';
import { fillMissingCourseRosters } from '../services/courses/course-roster';
import { fillMissingRosterTrainees } from '../services/courses/roster-trainees';

/**
 * The shape of the stored course figures: a version a rebuild at start brings every course to.
 * 2: `skills` on every document (older ones lack it), and figures a failed refresh left behind
 * before fact changes were recorded ahead of the writes.
 */
const courseFiguresVersion = 2;

/**
 * Gives the data of versions before the roster's read models their attendance sheets and roster
 * rows (models/attendance-sheet.ts, models/roster-trainee.ts), then each course its packed roster
 * (models/course-roster.ts, computed from those two), once; the writes the fact-change table
 * follows keep them current from then on; and rebuilds every course's figures once per version of
 * their shape. Returns how many documents were inserted or rebuilt.
 */
export async function backfillRosterReadModels(): Promise<number> {
  const sheets = await runOnce('attendance-sheets-backfill', fillMissingAttendanceSheets);
  const rows = await runOnce('roster-trainees-backfill', fillMissingRosterTrainees);
  const rosters = await runOnce('course-rosters-backfill', fillMissingCourseRosters);
  return sheets + rows + rosters + (await runOnce(`course-figures-v${courseFiguresVersion}`, rebuildAllCourseFigures));
}
