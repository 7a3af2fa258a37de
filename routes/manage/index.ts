import type { CertificateLook } from '../../server/services/certificates/document';
import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { sectionNav } from '../../server/middleware/section-nav';
import type { RotatingCodes } from '../../server/lib/rotating-code';
import { manageAnnouncementRoutes } from './announcements';
import { attendanceRoutes } from './attendance';
import { rollCallRoutes } from './roll-call';
import { completionRoutes } from './completion';
import { reportRoutes } from './reports';
import { manageCourseRoutes } from './courses';
import { manageEnrollmentRoutes } from './enrollments';
import { rosterRoutes } from './roster';

/** University staff pages under /manage; every record they load is checked against their university. */
export function manageRoutes(baseUrl: string, checkInCodes: RotatingCodes, certificateLook: CertificateLook): Router {
  const router = Router();
  router.use(requireRole('university_staff'));
  router.use(
    sectionNav('manage.areaNav.label', [
      { href: '/manage', label: 'manage.courses.title', below: ['/manage/courses'] },
      { href: '/manage/reports', label: 'reports.title', below: ['/manage/reports/'] },
    ]),
  );
  router.use(attendanceRoutes());
  router.use(rollCallRoutes(checkInCodes, baseUrl));
  router.use(completionRoutes(certificateLook));
  router.use(reportRoutes());
  router.use(manageCourseRoutes());
  router.use(rosterRoutes());
  router.use(manageEnrollmentRoutes());
  router.use(manageAnnouncementRoutes());
  return router;
}
