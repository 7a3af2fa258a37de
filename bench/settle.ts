import { performance } from 'node:perf_hooks';
import { University } from '../models/university';

/**
 * Waits until the database answers a one-document query quickly again, and returns the seconds
 * waited. Requests that a load run abandoned (client timeouts) keep the app and the engine busy
 * after the client has gone; without this, their work would be charged to the next scenario.
 */
export async function settle(quickMs = 300, maxMs = 180_000): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 2 && performance.now() - started < maxMs) {
    const t0 = performance.now();
    await University.findOne({}, { code: 1 }).lean();
    quick = performance.now() - t0 < quickMs ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.round((performance.now() - started) / 100) / 10;
}
