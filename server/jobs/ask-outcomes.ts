import { clock, dayMs } from '../lib/clock';
import { askDueFollowUps } from '../services/completion/follow-up';
import { daysToVisit } from './days';
import type { Job } from './runner';

/**
 * Asks trainees about their work 3 and 6 months after a completion, once a day across all
 * instances. Each day is one indexed equality on the dues' `dueDay`; a day visited again (the
 * previous run's) asks nobody twice. Rounds missed for more than a month are not asked late.
 */
export const askOutcomes: Job = {
  name: 'ask-outcomes',
  periodMs: dayMs,
  async run(period) {
    for (const day of daysToVisit(period).days) await askDueFollowUps(day, new Date(clock.now()));
  },
};
