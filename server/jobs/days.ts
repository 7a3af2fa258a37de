import { addDays, seoulDayOf } from '../lib/calendar';
import { dayMs } from '../lib/clock';
import type { JobPeriod } from './runner';

/**
 * The Seoul days a daily job looks at in this period: from the day of the last run that finished
 * (a write racing that run may have added to it) to the period's own day, so days on which no run
 * happened are made up. `truncated` says that days before the first one were not visited: there
 * was no run before, or the gap was longer than `maxDays`.
 */
export function daysToVisit({ start, previous }: JobPeriod, maxDays = 31): { days: string[]; truncated: boolean } {
  const today = seoulDayOf(start);
  const gap = previous ? Math.round((start.getTime() - previous.getTime()) / dayMs) : Infinity;
  const count = Math.min(gap, maxDays - 1);
  const days = Array.from({ length: count + 1 }, (_v, i) => addDays(today, i - count));
  return { days, truncated: gap > count };
}
