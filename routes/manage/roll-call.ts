import { Router, type Request, type Response } from 'express';
import { parseRollCallTap } from '../../server/forms/roll-call-form';
import { submitForm } from '../support/submit-form';
import type { RotatingCodes } from '../../server/lib/rotating-code';
import { flash } from '../../server/middleware/flash';
import { checkInScreen } from '../../server/services/attendance/check-in';
import { getRollCall, tapRollCall } from '../../server/services/attendance/roll-call';

/**
 * Attendance on the day, for a phone: the roll call of one session (one small form per tap, so it
 * works without a script), and the session's rotating QR code for trainees to check themselves in.
 */
export function rollCallRoutes(codes: RotatingCodes, baseUrl: string): Router {
  const router = Router();
  const path = (id: string, sessionId: string) => `/manage/courses/${id}/sessions/${sessionId}/roll-call`;

  const show = async (req: Request<{ id: string; sessionId?: string }>, res: Response) => {
    const page = await getRollCall(req.user!, req.params.id, req.params.sessionId);
    res.render('attendance/roll-call', { title: req.t('attendance.rollCall.title'), page });
  };
  // Without a session: the one under way, or the last one that started (the link on every course page).
  router.get('/courses/:id/roll-call', show);
  router.get('/courses/:id/sessions/:sessionId/roll-call', show);

  router.post('/courses/:id/sessions/:sessionId/roll-call', async (req, res) => {
    const { id, sessionId } = req.params;
    const saved = await submitForm(parseRollCallTap(req.body), (tap) => tapRollCall(req.user!, id, sessionId, tap));
    if (!saved.ok) {
      const page = await getRollCall(req.user!, id, sessionId, saved.errors);
      return res
        .status(422)
        .render('attendance/roll-call', { title: req.t('attendance.rollCall.title'), page, errors: saved.errors });
    }
    flash(req, 'success', saved.value.changed ? 'attendance.rollCall.saved' : 'attendance.rollCall.unchanged');
    res.redirect(303, `${path(id, sessionId)}#e-${saved.data.enrollmentId}`);
  });

  router.get('/courses/:id/sessions/:sessionId/check-in-code', async (req, res) => {
    const screen = await checkInScreen(req.user!, req.params.id, req.params.sessionId, codes, baseUrl);
    // The code changes every period: the page reloads itself, with or without a script.
    if (screen.url) res.set('Refresh', String(screen.refreshSeconds));
    res.render('attendance/check-in-code', { title: req.t('attendance.code.title'), screen });
  });

  return router;
}
