import { AuditEvent } from '../../../models/audit-event';
import { JobClaim } from '../../../models/job-claim';
import { seoulDayOf } from '../../lib/calendar';

const migration = 'audit-day-backfill';

/**
 * Gives every audit event recorded before events carried their Seoul `day` that key, so the log's
 * date filter finds them. Runs at start until it has finished once (its JobClaim records that):
 * the scan for events without a day reads the whole collection, which a finished migration never
 * does again. Two instances running it at once write the same values.
 */
export async function backfillAuditDays(): Promise<number> {
  if (await JobClaim.exists({ _id: migration, finishedAt: { $exists: true } })) return 0;
  const missing = await AuditEvent.find({ day: { $exists: false } }, { at: 1 }).lean();
  for (const event of missing) await AuditEvent.updateOne({ _id: event._id }, { $set: { day: seoulDayOf(event.at) } });
  const now = new Date();
  await JobClaim.replaceOne(
    { _id: migration },
    { _id: migration, job: migration, period: new Date(0), instance: 'start', claimedAt: now, finishedAt: now },
    { upsert: true },
  );
  return missing.length;
}
