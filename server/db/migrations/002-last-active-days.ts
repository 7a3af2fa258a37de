import { User } from '../../../models/user';
import { seoulDayOf } from '../../lib/calendar';
import type { Migration } from './run-once';

/**
 * Gives every trainee account made before accounts carried `lastActiveDay` the day of its last
 * sign-in, or of its sign-up when it never signed in, so that the retention job (which finds
 * inactive trainees by that day) sees it too; an anonymised account has none and needs none.
 * Once: the scan reads every trainee.
 */
export const lastActiveDays: Migration = {
  name: 'last-active-day-backfill',
  async migrate() {
    const missing = await User.find(
      { role: 'trainee', lastActiveDay: { $exists: false }, anonymisedAt: { $exists: false } },
      { lastLoginAt: 1, createdAt: 1 },
    ).lean();
    for (const user of missing) {
      const lastActive = user.lastLoginAt ?? user.createdAt;
      await User.updateOne({ _id: user._id }, { $set: { lastActiveDay: seoulDayOf(lastActive) } });
    }
    return missing.length;
  },
};
