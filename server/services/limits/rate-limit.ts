import { RateUse } from '../../../models/rate-use';
import { ceilToHour, clock } from '../../lib/clock';
import { wroteFirst } from '../../lib/duplicate-key';

/** A budget of uses per key (an address, an account) within a window. */
export interface Limiter {
  /** Counts one use of `key`: allowed, or how many seconds until it is. */
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/**
 * `points` uses per key within `minutes`, counted in the database, so that every app instance
 * spends the same budget. The budget is `points` slots per key. A use takes a free slot (never
 * used, or its last use has left the window) by inserting that slot's next use under a unique
 * `_id` named after the use it follows (`<bucket>#<slot>@<previous use's time>`): of simultaneous
 * uses that find the same slot free, exactly one insert succeeds, and the others try the next
 * slot. So a burst gets exactly the budget through, the first ones, and no more; a refused use
 * writes nothing. (Counting uses written before a count, as before, let no more than the budget
 * through, but could refuse every use of a simultaneous burst, and with them the one that should
 * have been served.) A key's uses are read by an indexed equality: at most its slots and the uses
 * before them not yet swept.
 */
export function databaseLimiter({ name, points, minutes }: { name: string; points: number; minutes: number }): Limiter {
  const windowMs = minutes * 60_000;
  return {
    async take(key) {
      const now = clock.now();
      const bucket = `${name}:${key}`;
      /** The latest use of each slot, as its time. */
      const slots = async () => {
        const latest = new Map<number, number>();
        for (const use of await RateUse.find({ bucket }, { slot: 1, at: 1 }).lean()) {
          // Uses counted before slots (no `slot`) are left to the sweep.
          if (typeof use.slot !== 'number') continue;
          latest.set(use.slot, Math.max(latest.get(use.slot) ?? 0, use.at.getTime()));
        }
        return latest;
      };
      const latest = await slots();
      for (let slot = 0; slot < points; slot++) {
        const previous = latest.get(slot);
        if (previous !== undefined && previous > now - windowMs) continue;
        const use = {
          _id: `${bucket}#${slot}@${previous ?? 0}`,
          bucket,
          slot,
          at: new Date(now),
          sweepAt: new Date(ceilToHour(now + windowMs)),
        };
        if (await wroteFirst(RateUse.create(use))) return { allowed: true };
      }
      const times = [...(await slots()).values()].filter((t) => t > now - windowMs);
      // Every slot is in use (a slot lost to a simultaneous use is in the second read).
      const freeAt = times.length >= points ? Math.min(...times) + windowMs : now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
    },
  };
}
