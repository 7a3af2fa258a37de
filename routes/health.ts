import { Router } from 'express';
import { pingDatabase } from '../server/db/connect';

export function healthRoutes(): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const ok = await pingDatabase();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', database: ok ? 'up' : 'down' });
  });
  return router;
}
