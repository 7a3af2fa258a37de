import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { auditRoutes } from './audit';
import { staffRoutes } from './staff';
import { cityDashboardRoutes } from './dashboard';
import { cityReportRoutes } from './reports';

/** City staff pages under /city. */
export function cityRoutes(): Router {
  const router = Router();
  router.use(requireRole('city_staff', 'admin'));
  router.use(staffRoutes());
  router.use(auditRoutes());
  router.use(cityDashboardRoutes());
  router.use(cityReportRoutes());
  return router;
}
