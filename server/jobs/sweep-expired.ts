import type { mongo } from 'mongoose';
import { ActionOutcome } from '../../models/action-outcome';
import { ClashDecision } from '../../models/clash-decision';
import { LoginAttempt } from '../../models/login-attempt';
import { MailMessage } from '../../models/mail-message';
import { PasswordToken } from '../../models/password-token';
import { PendingRegistration } from '../../models/pending-registration';
import { RateUse } from '../../models/rate-use';
import { SessionRecord } from '../../models/session-record';
import { dayMs, hourMs } from '../lib/clock';
import type { Job, JobPeriod } from './runner';

/** Failed mail stays this long for an operator to read its error, then goes. */
const failedMailDays = 30;
/** A timetable clash decision matters only while its two requests race; a day is far beyond that. */
const clashDecisionDays = 1;
/** An action's outcome answers a retried request with the same key; two days is far beyond any retry. */
const outcomeDays = 2;

/** Beyond this gap since the last finished sweep, one range delete is cheaper than an equality delete per hour. */
const maxHoursByEquality = 7 * 24;

/**
 * Deletes the documents whose `field` (an expiry always rounded up to a full hour) has passed.
 * Each past hour is one equality delete on an indexed field, which the embedded engine hands to
 * PostgreSQL: its cost is the documents removed, not the size of the collection. Only the first
 * sweep, and one after a long stop, delete by range (a scan of the whole collection), which also
 * removes documents written before expiries were rounded.
 */
export async function sweepHours(
  collection: Pick<mongo.Collection, 'deleteMany'>,
  field: string,
  { start, previous }: JobPeriod,
): Promise<void> {
  const end = start.getTime();
  if (!previous || end - previous.getTime() > maxHoursByEquality * hourMs) {
    await collection.deleteMany({ [field]: { $lt: start } });
    return;
  }
  // From the previous sweep's own hour: a write racing that sweep may have added to it.
  for (let hour = previous.getTime(); hour <= end; hour += hourMs)
    await collection.deleteMany({ [field]: new Date(hour) });
}

/**
 * Removes expired sessions, login attempts, rate-limit uses and one-time links (set-password,
 * reset, activation), once an hour across all instances. Nothing reads them after they expire
 * (the session store filters by expiry, the throttle by time, a link's expiry is checked when it
 * is used); this only keeps the collections small. The links are few at any time, since none
 * lives longer than three days, so one range delete each costs little. So are the clash decisions
 * (one per race, kept a day) and the failed mail, which the indexed `state` equality narrows first.
 */
export const sweepExpired: Job = {
  name: 'sweep-expired',
  periodMs: hourMs,
  async run(period) {
    await sweepHours(SessionRecord.collection, 'expires', period);
    await sweepHours(LoginAttempt.collection, 'sweepAt', period);
    await sweepHours(RateUse.collection, 'sweepAt', period);
    await PasswordToken.deleteMany({ expiresAt: { $lt: period.start } });
    await PendingRegistration.deleteMany({ expiresAt: { $lt: period.start } });
    const daysAgo = (days: number) => new Date(period.start.getTime() - days * dayMs);
    await MailMessage.deleteMany({ state: 'failed', createdAt: { $lt: daysAgo(failedMailDays) } });
    await ClashDecision.deleteMany({ at: { $lt: daysAgo(clashDecisionDays) } });
    // Outcomes are only the last two days' actions, so this range reads a small collection.
    await ActionOutcome.deleteMany({ at: { $lt: daysAgo(outcomeDays) } });
  },
};
