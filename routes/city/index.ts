import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';

/** City staff pages under /city. */
export function cityRoutes(): Router {
  const router = Router();
  router.use(requireRole('city_staff', 'admin'));
  return router;
}
