import { Router, type Request, type Response } from 'express';
import { attempt } from '../../server/forms/attempt';
import { flashOutcome } from '../../server/middleware/flash-outcome';
import { approveEnrollment, loadManagedEnrollment, rejectEnrollment } from '../../server/services/enrollment/decide';

function decide(action: typeof approveEnrollment, done: string) {
  return async (req: Request, res: Response) => {
    const { course } = await loadManagedEnrollment(req.user!, String(req.params.id));
    const result = await attempt(() => action(req.user!, String(req.params.id)));
    flashOutcome(req, result, done);
    res.redirect(303, `/manage/courses/${String(course._id)}/roster`);
  };
}

/** Staff decisions on applications (mounted inside the /manage guard). */
export function manageEnrollmentRoutes(): Router {
  const router = Router();
  router.post('/enrollments/:id/approve', decide(approveEnrollment, 'manage.flash.approved'));
  router.post('/enrollments/:id/reject', decide(rejectEnrollment, 'manage.flash.rejected'));
  return router;
}
