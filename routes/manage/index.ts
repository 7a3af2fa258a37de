import { Router } from 'express';
import { requireRole } from '../../server/auth/guards';
import { manageCourseRoutes } from './courses';
import { manageEnrollmentRoutes } from './enrollments';

/** University staff pages under /manage; every record they load is checked against their university. */
export function manageRoutes(): Router {
  const router = Router();
  router.use(requireRole('university_staff'));
  router.use(manageCourseRoutes());
  router.use(manageEnrollmentRoutes());
  return router;
}
