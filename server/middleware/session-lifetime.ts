import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../config';
import { clock } from '../lib/clock';
import { sessionCookieName } from './session';

type SessionEnd = 'idle' | 'absolute';

/**
 * How stale the last-seen time may get before a request refreshes it. Refreshing writes the
 * session, so not on every request; the idle limit is then enforced to within this interval,
 * on the short side (a session never lives longer idle than configured).
 */
function refreshEvery(idleMs: number): number {
  return Math.min(idleMs / 6, 10 * 60_000);
}

function endSession(req: Request, res: Response, reason: SessionEnd, next: (err?: unknown) => void): void {
  const returnTo = req.method === 'GET' ? req.originalUrl : undefined;
  req.session.destroy((err: unknown) => {
    if (err) return next(err);
    res.clearCookie(sessionCookieName);
    const query = new URLSearchParams({ ended: reason });
    if (returnTo) query.set('returnTo', returnTo);
    res.redirect(303, `/login?${query}`);
  });
}

/**
 * Idle and absolute limits of signed-in sessions (staff and trainees have their own, see
 * config.ts). A session is stamped on its first signed-in request, which is the one right after
 * the login: the absolute limit counts from then and never moves. A request to a session past
 * either limit destroys it and sends the browser to the login page, which says why and returns
 * to the page asked for (GET requests) after the next login. Runs after passport, which tells the role.
 */
export function sessionLifetime(limits: Config['sessionLimits']): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next();
    const now = clock.now();
    const life = req.session.lifetime;
    if (!life) {
      const { idleMs, maxMs } = req.user.role === 'trainee' ? limits.trainee : limits.staff;
      req.session.lifetime = { until: now + maxMs, idleMs, seenAt: now };
      return next();
    }
    const ended: SessionEnd | undefined =
      now >= life.until ? 'absolute' : now - life.seenAt >= life.idleMs ? 'idle' : undefined;
    if (ended) return endSession(req, res, ended, next);
    if (now - life.seenAt >= refreshEvery(life.idleMs)) life.seenAt = now;
    next();
  };
}
