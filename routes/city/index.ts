import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { sectionNav } from '../../server/middleware/section-nav';
import { cityAnnouncementRoutes } from './announcements';
import { apiTokenRoutes } from './api-tokens';
import { auditRoutes } from './audit';
import { skillRoutes } from './skills';
import { staffRoutes } from './staff';
import { targetRoutes } from './targets';
import { cityDashboardRoutes } from './dashboard';
import { cityOutcomeRoutes } from './outcomes';
import { cityReportRoutes } from './reports';

/** City staff pages under /city; `pseudonymKey` keys the exports' trainee pseudonyms. */
export function cityRoutes(baseUrl: string, pseudonymKey: Buffer): Router {
  const router = Router();
  router.use(requireRole('city_staff', 'admin'));
  router.use(
    sectionNav('city.nav.label', [
      { href: '/city', label: 'city.nav.dashboard' },
      { href: '/city/reports', label: 'reports.inbox', below: ['/city/reports/'] },
      { href: '/city/targets', label: 'targets.title' },
      { href: '/city/skills', label: 'skills.title', below: ['/city/skills/'] },
      { href: '/city/outcomes', label: 'outcomes.city.nav' },
      { href: '/city/staff', label: 'staff.title', below: ['/city/staff/'] },
      { href: '/city/audit', label: 'audit.title' },
      { href: '/city/api-tokens', label: 'apiTokens.title', below: ['/city/api-tokens/'] },
      { href: '/city/announcements', label: 'announcements.title', below: ['/city/contact'] },
    ]),
  );
  router.use(staffRoutes(baseUrl));
  router.use(auditRoutes());
  router.use(apiTokenRoutes());
  router.use(skillRoutes());
  router.use(targetRoutes());
  router.use(cityDashboardRoutes(pseudonymKey));
  router.use(cityReportRoutes());
  router.use(cityOutcomeRoutes());
  router.use(cityAnnouncementRoutes());
  return router;
}
