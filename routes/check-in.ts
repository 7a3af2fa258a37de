import cookieParser from 'cookie-parser';
import { Router, type Response } from 'express';
import { requireRole } from '../server/auth/guards';
import type { Config } from '../server/config';
import { HttpError } from '../server/errors';
import { clock } from '../server/lib/clock';
import type { RotatingCodes } from '../server/lib/rotating-code';
import type { SecretAddress } from '../server/lib/secret-address';
import {
  checkIn,
  checkScannedCode,
  readScanPass,
  scanPassMinutes,
  scanPassSecret,
  scanPassValue,
  type CheckInResult,
} from '../server/services/attendance/check-in';

const passCookie = 'bth.check-in';
const resumePath = '/check-in/resume';
const scanPath = '/check-in/:courseId/:sessionId';

/** A logged code could check in someone who is not in the room, while it is valid. */
export const checkInSecretAddresses: SecretAddress[] = [{ path: scanPath, query: ['t'] }];

/** 200 for a mark (new or already there); a refusal says why, in the status too. */
function render(res: Response, result: CheckInResult) {
  const status = result.ok ? 200 : result.reason === 'notEnrolled' ? 403 : 409;
  res.status(status).render('attendance/check-in', { title: res.locals.t('attendance.checkIn.title'), result });
}

/**
 * GET /check-in/:courseId/:sessionId?t=<code>: where the QR code on the staff screen leads. A
 * signed-in trainee is checked in at once; a signed-out one carries the scan through the login
 * page in a signed cookie (the code itself expires within a minute) and is checked in on return.
 */
export function checkInRoutes(codes: RotatingCodes, config: Config): Router {
  const router = Router();
  const cookieOptions = {
    signed: true,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.env === 'production',
    path: '/check-in',
  };
  router.use('/check-in', cookieParser(scanPassSecret(config.sessionSecret)));

  router.get(resumePath, requireRole('trainee'), async (req, res) => {
    const pass = readScanPass((req.signedCookies as Record<string, unknown>)[passCookie]);
    res.clearCookie(passCookie, cookieOptions);
    if (!pass)
      return res
        .status(410)
        .render('attendance/check-in', { title: req.t('attendance.checkIn.title'), problem: 'expired' });
    render(res, await checkIn(req.user!, pass.courseId, pass.sessionId, new Date(pass.scannedAt)));
  });

  router.get(scanPath, async (req, res) => {
    const { courseId, sessionId } = req.params;
    const scannedAt = clock.now();
    const code = checkScannedCode(codes, courseId, sessionId, req.query.t, scannedAt);
    if (code !== 'valid')
      return res
        .status(code === 'expired' ? 410 : 400)
        .render('attendance/check-in', { title: req.t('attendance.checkIn.title'), problem: code });
    if (!req.user) {
      res.cookie(passCookie, scanPassValue({ courseId, sessionId, scannedAt }), {
        ...cookieOptions,
        maxAge: scanPassMinutes * 60_000,
      });
      return res.redirect(303, `/login?returnTo=${encodeURIComponent(resumePath)}`);
    }
    if (req.user.role !== 'trainee') throw new HttpError(403, 'attendance.checkIn.onlyTrainees');
    render(res, await checkIn(req.user, courseId, sessionId, new Date(scannedAt)));
  });

  return router;
}
