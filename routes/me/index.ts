import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { sectionNav } from '../../server/middleware/section-nav';
import { calendarFeedRoutes } from './calendar';
import { transcriptRoutes } from './transcript';
import { dashboardRoutes } from './dashboard';
import { closeRoutes } from './close';
import { personalDataRoutes } from './data';
import { outcomeRoutes } from './outcomes';

/** Trainee pages under /me. */
export function meRoutes(baseUrl: string): Router {
  const router = Router();
  router.use(requireRole('trainee'));
  router.use(
    sectionNav('me.nav.label', [
      { href: '/me', label: 'me.title' },
      { href: '/me/transcript', label: 'certificates.transcript.title' },
      { href: '/me/data', label: 'privacy.data.nav' },
    ]),
  );
  router.use(transcriptRoutes());
  router.use(dashboardRoutes());
  router.use(outcomeRoutes());
  router.use(personalDataRoutes());
  router.use(closeRoutes());
  router.use(calendarFeedRoutes(baseUrl));
  return router;
}
