import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { sectionNav } from '../../server/middleware/section-nav';
import { auditRoutes } from './audit';
import { staffRoutes } from './staff';
import { cityDashboardRoutes } from './dashboard';
import { cityReportRoutes } from './reports';

/** City staff pages under /city. */
export function cityRoutes(): Router {
  const router = Router();
  router.use(requireRole('city_staff', 'admin'));
  router.use(sectionNav('city.nav.label', [
    { href: '/city', label: 'city.nav.dashboard' },
    { href: '/city/reports', label: 'city.nav.reports', below: ['/city/reports/'] },
    { href: '/city/staff', label: 'city.nav.staff', below: ['/city/staff/'] },
    { href: '/city/audit', label: 'city.nav.audit' },
  ]));
  router.use(staffRoutes());
  router.use(auditRoutes());
  router.use(cityDashboardRoutes());
  router.use(cityReportRoutes());
  return router;
}
