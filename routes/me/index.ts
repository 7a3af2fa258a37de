import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { transcriptRoutes } from './transcript';
import { dashboardRoutes } from './dashboard';

/** Trainee pages under /me. */
export function meRoutes(): Router {
  const router = Router();
  router.use(requireRole('trainee'));
  router.use(transcriptRoutes());
  router.use(dashboardRoutes());
  return router;
}
