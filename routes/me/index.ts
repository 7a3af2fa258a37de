import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { sectionNav } from '../../server/middleware/section-nav';
import { calendarFeedRoutes } from './calendar';
import { transcriptRoutes } from './transcript';
import { dashboardRoutes } from './dashboard';

/** Trainee pages under /me. */
export function meRoutes(baseUrl: string): Router {
  const router = Router();
  router.use(requireRole('trainee'));
  router.use(
    sectionNav('me.nav.label', [
      { href: '/me', label: 'me.title' },
      { href: '/me/transcript', label: 'certificates.transcript.title' },
    ]),
  );
  router.use(transcriptRoutes());
  router.use(dashboardRoutes());
  router.use(calendarFeedRoutes(baseUrl));
  return router;
}
