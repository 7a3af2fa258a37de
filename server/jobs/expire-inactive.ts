import { User } from '../../models/user';
import { addDays } from '../lib/calendar';
import { anonymiseTrainee, hasRunningApplications } from '../services/accounts/anonymise';
import { dayMs } from '../lib/clock';
import { daysToVisit } from './days';
import type { Job } from './runner';

/**
 * Anonymises, once a day across all instances, the trainees whose last activity (sign-up or
 * sign-in, `lastActiveDay`) is more than `retentionDays` days ago, as server/services/accounts/
 * anonymise.ts does for a closed account; each is audited. A day's trainees are one indexed equality
 * on `lastActiveDay`; only a first run, or one after a month without runs, looks by range (every
 * trainee is read once). A trainee with an application still running counts as active that day.
 */
export function expireInactive(retentionDays: number): Job {
  return {
    name: 'expire-inactive',
    periodMs: dayMs,
    async run(period) {
      const { days, truncated } = daysToVisit(period);
      const cutoffs = days.map((day) => addDays(day, -retentionDays - 1));
      const found = truncated
        ? [await User.find({ role: 'trainee', lastActiveDay: { $lte: cutoffs.at(-1) } }, { role: 1 }).lean()]
        : await Promise.all(cutoffs.map((day) => User.find({ lastActiveDay: day }, { role: 1 }).lean()));
      const today = days.at(-1)!;
      for (const user of found.flat()) {
        if (user.role !== 'trainee') continue;
        // Still in a course: the programme is using the account, and its retention period starts again.
        if (await hasRunningApplications(user._id)) await User.updateOne({ _id: user._id }, { lastActiveDay: today });
        else await anonymiseTrainee(user._id, { reason: 'retention' });
      }
    },
  };
}
