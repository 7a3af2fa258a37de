import 'express-session';

declare module 'express-session' {
  interface SessionData {
    flash?: { type: 'success' | 'error' | 'info'; key: string; params?: Record<string, string | number> }[];
    returnTo?: string;
    /** Stamped on a signed-in session's first request (server/middleware/session-lifetime.ts); times in ms. */
    lifetime?: { until: number; idleMs: number; seenAt: number };
    /** Until when (ms) the confirm step of closing the account may be taken, after the password was given. */
    closeConfirmUntil?: number;
  }
}
