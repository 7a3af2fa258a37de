import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LoginThrottle {
  /** Seconds the address must wait before its next attempt, or 0 when it may try now. */
  waitFor(ip: string): Promise<number>;
  recordFailure(ip: string): Promise<void>;
}

/**
 * Failed logins per address: `points` failures within `minutes` and the address waits
 * out the window. Made per app instance (in memory), so each process and each test
 * app counts on its own; behind several processes it slows guessing per process.
 */
export function createLoginThrottle({ points = 20, minutes = 15 } = {}): LoginThrottle {
  const limiter = new RateLimiterMemory({ keyPrefix: 'login', points, duration: minutes * 60 });
  return {
    async waitFor(ip) {
      const state = await limiter.get(ip);
      return state && state.consumedPoints >= points ? Math.ceil(state.msBeforeNext / 1000) : 0;
    },
    async recordFailure(ip) {
      try {
        await limiter.consume(ip);
      } catch (err) {
        // A rejection is the limit being reached, which waitFor reports next time.
        if (!(err instanceof RateLimiterRes)) throw err;
      }
    },
  };
}
