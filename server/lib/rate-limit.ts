import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A budget of uses per key (an address, an account) within a window. */
export interface Limiter {
  /** Counts one use of `key`: allowed, or how many seconds until it is. */
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

/**
 * `points` uses per key within `minutes`. Counted in this process's memory, like the login
 * throttle: behind several instances each counts on its own, which still bounds the mail a
 * requester can cause to N × points. The interface lets a database-backed store take its place.
 */
export function memoryLimiter({ name, points, minutes }: { name: string; points: number; minutes: number }): Limiter {
  const limiter = new RateLimiterMemory({ keyPrefix: name, points, duration: minutes * 60 });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        return { allowed: false, retryAfterSeconds: Math.ceil(err.msBeforeNext / 1000) };
      }
    },
  };
}
