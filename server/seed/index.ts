import { User } from '../../models/user';
import type { Config } from '../config';
import { describeAccounts } from './accounts';
import { seedDemo } from './demo';
import { seedSkills } from './skills';
import { seedUniversities } from './universities';
import { backfillLastActiveDays } from '../services/accounts/active-day-backfill';
import { backfillAuditDays } from '../services/audit/day-backfill';
import { changesFeedStart } from '../services/enrollment/changes-feed';
import { backfillFeedKeys } from '../services/enrollment/feed-keys-backfill';
import { rebuildOutdatedCopies } from '../services/copies/versions';

/**
 * Runs at every start: partner universities and a skills list are always ensured, and records
 * of earlier versions get what later versions keep (once): audit events their day, trainees their
 * last active day, history events and anonymised accounts the changes feed's keys; and every kind of stored copy older than its code's version is rebuilt. Outside production an
 * empty database gets the demo data, and the demo accounts are printed.
 */
export async function seedOnStart(config: Config): Promise<string | undefined> {
  await seedUniversities();
  await backfillAuditDays();
  await backfillLastActiveDays();
  await backfillFeedKeys();
  // Found now, while nobody waits for it, rather than by the first reader of the feed.
  await changesFeedStart();
  await rebuildOutdatedCopies();
  await seedSkills();
  if (!config.seedDemo) return undefined;
  if ((await User.countDocuments()) === 0) return seedDemo();
  const accounts = await User.find({ email: /@demo\.kr$/ })
    .sort({ _id: 1 })
    .lean();
  return accounts.length
    ? describeAccounts(accounts.map((a) => ({ role: a.role, email: a.email, name: a.name })))
    : undefined;
}
