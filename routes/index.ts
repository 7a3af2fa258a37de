import { Router } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import type { Config } from '../server/config';
import { accountRoutes } from './account';
import { calendarRoutes } from './calendar';
import { certificateRoutes } from './certificates';
import { checkInRoutes } from './check-in';
import { checkInCodes as attendanceCheckInCodes } from '../server/services/attendance/check-in';
import { cityRoutes } from './city';
import { courseRoutes } from './courses';
import { manageRoutes } from './manage';
import { meRoutes } from './me';
import { notificationRoutes } from './notifications';
import { openDataRoutes } from './open-data';
import { passwordResetRoutes } from './password-reset';
import { profileRoutes } from './me/profile';
import { announcementRoutes } from './announcements';
import { publicRoutes } from './public';
import { privacyRoutes } from './privacy';
import type { CertificateSeal } from '../server/services/certificates/seal';
import { registerRoutes } from './register';
import { setPasswordRoutes } from './set-password';

export interface RouteDeps {
  passport: Passport;
  /** Its `baseUrl` is the public address of the site, the only source of links that leave it. */
  config: Config;
  /** The seal image CERTIFICATE_SEAL_PATH names, once checked at start (certificates/seal.ts). */
  certificateSeal?: CertificateSeal;
}

/** Mount order is the access policy: public routes first, then routers that declare their guard once. */
export function routes({ passport, config, certificateSeal }: RouteDeps): Router {
  const { baseUrl } = config;
  const certificateLook = { baseUrl, signatory: config.certificate.signatory, seal: certificateSeal };
  const checkInCodes = attendanceCheckInCodes(config.sessionSecret);
  const router = Router();
  router.use(publicRoutes());
  router.use(openDataRoutes(config));
  router.use(announcementRoutes());
  router.use(accountRoutes(passport, config));
  router.use(registerRoutes(config.retentionDays));
  router.use(privacyRoutes(config));
  router.use(setPasswordRoutes());
  router.use(passwordResetRoutes());
  // Every signed-in user's profile; mounted before /me, whose guard admits trainees only.
  router.use('/me', profileRoutes());
  router.use(notificationRoutes());
  router.use(certificateRoutes(certificateLook));
  router.use(calendarRoutes(baseUrl));
  router.use(courseRoutes());
  router.use(checkInRoutes(checkInCodes, config));
  router.use('/me', meRoutes(baseUrl));
  router.use('/manage', manageRoutes(baseUrl, checkInCodes, certificateLook));
  router.use('/city', cityRoutes(baseUrl, config.pseudonymKey));
  return router;
}
