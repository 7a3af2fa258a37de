import { dayMs } from '../lib/clock';
import { auditTokenDays } from '../services/api-tokens/uses';
import { daysToVisit } from './days';
import type { Job } from './runner';

/** Once a day across instances: each API token's uses of the days that are over, as one audit event per token and day. */
export const auditTokenUses: Job = {
  name: 'audit-token-uses',
  periodMs: dayMs,
  async run(period) {
    const { days } = daysToVisit(period);
    // The period's own day is not over: its uses are audited by the next run.
    await auditTokenDays(days.slice(0, -1));
  },
};
