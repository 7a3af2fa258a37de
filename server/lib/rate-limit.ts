import { RateUse } from '../../models/rate-use';
import { ceilToHour, clock } from './clock';

/** A budget of uses per key (an address, an account) within a window. */
export interface Limiter {
  /** Counts one use of `key`: allowed, or how many seconds until it is. */
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/**
 * `points` uses per key within `minutes`, counted in the database, so that every app instance
 * spends the same budget. A use is written before the uses are counted, so simultaneous uses see
 * one another and never pass the budget together; a refused one is removed again and costs
 * nothing. A key's uses are read by an indexed equality and are at most the budget and those in flight.
 */
export function databaseLimiter({ name, points, minutes }: { name: string; points: number; minutes: number }): Limiter {
  const windowMs = minutes * 60_000;
  return {
    async take(key) {
      const now = clock.now();
      const bucket = `${name}:${key}`;
      const { _id } = await RateUse.create({
        bucket,
        at: new Date(now),
        sweepAt: new Date(ceilToHour(now + windowMs)),
      });
      const others = (await RateUse.find({ bucket }, { at: 1 }).lean())
        .filter((u) => !u._id.equals(_id))
        .map((u) => u.at.getTime())
        .filter((t) => t > now - windowMs)
        .sort((a, b) => a - b);
      if (others.length < points) return { allowed: true };
      await RateUse.deleteOne({ _id });
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((others[others.length - points]! + windowMs - now) / 1000)),
      };
    },
  };
}
