import { clock } from '../../lib/clock';
import { announceRecorded, copiesSettled, pendingChanges, removeDone, type FactChange } from '../copies/changes';
import { NotRepaired, type Check, type Difference } from './types';

/** How long a change recorded ahead may wait for its copies: its writer announces it in seconds, the resume pass within a minute. */
export const markDeadlineMs = 5 * 60_000;

interface MarkDifference extends Difference {
  id: string;
  change: FactChange;
}

/** What the change concerns, in words. */
function subject(change: FactChange): string {
  return 'course' in change ? `course ${String(change.course)}` : `trainee ${String(change.trainee)}`;
}

/**
 * 6b. No unfinished operation older than its deadline, for copies: a change recorded ahead
 * (copies/changes.ts) still there after five minutes means its copies were never rebuilt (the
 * refreshes kept failing, and the resume pass gave up after its tries). Repair: announce it again.
 */
export function staleMarks(): Check<MarkDifference> {
  return {
    name: 'stale-copies',
    description: `no change recorded ahead waits for its copies longer than ${markDeadlineMs / 60_000} min`,
    safe: true,
    async find() {
      const now = clock.now();
      return (await pendingChanges())
        .filter((m) => now - m.since.getTime() > markDeadlineMs)
        .map((m) => ({
          check: 'stale-copies',
          id: m.id,
          change: m.change,
          text: `the ${m.change.fact} change of ${subject(m.change)} recorded at ${m.since.toISOString()} has not reached its copies (${m.tries} refreshes failed)`,
        }));
    },
    async repair(mark) {
      try {
        await announceRecorded(mark);
      } catch (err) {
        throw new NotRepaired(`its copies could not be rebuilt: ${String(err)}`);
      }
      await copiesSettled();
      await removeDone();
    },
  };
}
