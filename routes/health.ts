import { Router } from 'express';
import { isDatabaseAvailable } from '../server/db/availability';
import { pingDatabase } from '../server/db/connect';

export function healthRoutes(): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    // Known to be down (the engine is restarting): no need to wait for a ping to time out.
    const ok = isDatabaseAvailable() && (await pingDatabase());
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
  });
  // Browsers ask for /favicon.ico on their own; answering here keeps that request away from sessions.
  router.get('/favicon.ico', (_req, res) => {
    res.redirect(301, '/static/favicon.svg');
  });
  return router;
}
