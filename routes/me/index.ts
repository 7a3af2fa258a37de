import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';

/** Trainee pages under /me. */
export function meRoutes(): Router {
  const router = Router();
  router.use(requireRole('trainee'));
  return router;
}
