import { AuditEvent } from '../../../models/audit-event';
import { seoulDayOf } from '../../lib/calendar';
import type { Migration } from './run-once';

/**
 * Gives every audit event recorded before events carried their Seoul `day` that key, so the log's
 * date filter finds them (once: the scan for events without a day reads the whole collection).
 */
export const auditDays: Migration = {
  name: 'audit-day-backfill',
  async migrate() {
    const missing = await AuditEvent.find({ day: { $exists: false } }, { at: 1 }).lean();
    for (const event of missing)
      await AuditEvent.updateOne({ _id: event._id }, { $set: { day: seoulDayOf(event.at) } });
    return missing.length;
  },
};
