import { Router, type Request, type Response } from 'express';
import { parseForm } from '../../server/forms/parse';
import { decisionSchema } from '../../server/forms/roster-form';
import { submitForm } from '../support/submit-form';
import { flashOutcome } from '../support/flash-outcome';
import {
  approveEnrollment,
  describeApplication,
  rejectEnrollment,
} from '../../server/services/applications/application-decide';
import { isConfirmed, renderConfirm } from '../support/confirm';
import { flatten } from '../../server/lib/bilingual';

async function approve(req: Request, res: Response) {
  const id = String(req.params.id);
  const { courseId } = await describeApplication(req.user!, id);
  const result = await submitForm(parseForm(decisionSchema, req.body), ({ reason }) =>
    approveEnrollment(req.user!, id, reason || undefined),
  );
  flashOutcome(req, result, 'manage.flash.approved');
  res.redirect(303, `/manage/courses/${courseId}/roster`);
}

/** Rejecting cannot be undone: the first post shows whose application it is and takes an optional reason; the confirmed one rejects. */
async function reject(req: Request, res: Response) {
  const id = String(req.params.id);
  const application = await describeApplication(req.user!, id);
  const form = parseForm(decisionSchema, req.body);
  if (!form.ok || !isConfirmed(req))
    return renderConfirm(
      res,
      {
        title: 'manage.rejectConfirm.title',
        effects: [
          {
            key: 'manage.rejectConfirm.one',
            params: {
              name: application.name,
              email: application.email,
              ...flatten('title', application.courseTitle),
            },
          },
          { key: 'manage.rejectConfirm.told' },
        ],
        action: `/manage/enrollments/${id}/reject`,
        fields: [],
        reason: { label: 'manage.roster.reason', hint: 'manage.roster.reasonHint' },
        button: 'manage.roster.reject',
        back: `/manage/courses/${application.courseId}/roster`,
      },
      { values: form.values, errors: form.ok ? undefined : form.errors },
    );
  const result = await submitForm(form, ({ reason }) => rejectEnrollment(req.user!, id, reason || undefined));
  flashOutcome(req, result, 'manage.flash.rejected');
  res.redirect(303, `/manage/courses/${application.courseId}/roster`);
}

/** Staff decisions on one application (mounted inside the /manage guard). */
export function manageEnrollmentRoutes(): Router {
  const router = Router();
  router.post('/enrollments/:id/approve', approve);
  router.post('/enrollments/:id/reject', reject);
  return router;
}
