import dc from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Express 5's router (2.3) publishes every middleware and handler invocation on this tracing
 * channel: `start`, then `end`, where `result` or `error` is set when it finished synchronously;
 * otherwise it returned a promise, and `asyncEnd` follows when that settles.
 */
const channel = dc.tracingChannel('express.router.request');

interface Invocation {
  result?: unknown;
  error?: unknown;
}

export interface RunningHandlers {
  /** Handler invocations running now, across all requests (an async handler until its promise settles). */
  count(): number;
  stop(): void;
}

/**
 * Counts the route handlers and middleware still running. A response can end, or be cut off
 * at the shutdown deadline, while its handler goes on writing (an audit entry after the seat,
 * a history record): shutting down must wait for those before it closes the database.
 */
export function trackRunningHandlers(): RunningHandlers {
  let running = 0;
  const subscribers = {
    start: () => void running++,
    end: (ctx: object) => {
      const invocation = ctx as Invocation;
      if ('result' in invocation || 'error' in invocation) running--;
    },
    asyncStart: () => undefined,
    asyncEnd: () => void running--,
    error: () => undefined,
  };
  channel.subscribe(subscribers);
  return {
    count: () => running,
    stop: () => channel.unsubscribe(subscribers),
  };
}

/**
 * Resolves once `busy()` has been 0 on two checks in a row, 10 ms apart (a callback-style
 * middleware that has just had its database answer calls the next handler in between), or after
 * `timeoutMs` with what was still busy then.
 */
export async function whenIdle(busy: () => number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  for (;;) {
    quiet = busy() === 0 ? quiet + 1 : 0;
    if (quiet >= 2) return 0;
    if (Date.now() >= deadline) return busy();
    await sleep(10);
  }
}
