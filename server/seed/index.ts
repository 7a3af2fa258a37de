import { User } from '../../models/user';
import type { Config } from '../config';
import { describeAccounts } from './accounts';
import { seedDemo } from './demo';
import { seedSkills } from './skill-list';
import { seedUniversities } from './partner-universities';
import { runMigrations } from '../db/migrations';
import { changesFeedStart } from '../services/enrollment/changes-feed';
import { rebuildOutdatedCopies } from '../services/copies/versions';

/**
 * Runs at every start: partner universities and a skills list are always ensured, and records
 * of earlier versions get what later versions keep, once (the numbered migrations of server/db/migrations/); and every kind of stored copy older than its code's version is rebuilt. Outside production an
 * empty database gets the demo data, and the demo accounts are printed.
 */
export async function seedOnStart(config: Config): Promise<string | undefined> {
  await seedUniversities();
  await runMigrations();
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
