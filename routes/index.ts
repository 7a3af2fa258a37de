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
import { passwordResetRoutes } from './password-reset';
import { profileRoutes } from './me/profile';
import { publicRoutes } from './public';
import { privacyRoutes } from './privacy';
import { registerRoutes } from './register';
import { setPasswordRoutes } from './set-password';

export interface RouteDeps {
  passport: Passport;
  /** Its `baseUrl` is the public address of the site, the only source of links that leave it. */
  config: Config;
}

/** Mount order is the access policy: public routes first, then routers that declare their guard once. */
export function routes({ passport, config }: RouteDeps): Router {
  const { baseUrl } = config;
  const checkInCodes = attendanceCheckInCodes(config.sessionSecret);
  const router = Router();
  router.use(publicRoutes());
  router.use(accountRoutes(passport, config));
  router.use(registerRoutes(config.retentionDays));
  router.use(privacyRoutes(config));
  router.use(setPasswordRoutes());
  router.use(passwordResetRoutes());
  // Every signed-in user's profile; mounted before /me, whose guard admits trainees only.
  router.use('/me', profileRoutes());
  router.use(notificationRoutes());
  router.use(certificateRoutes(baseUrl));
  router.use(calendarRoutes(baseUrl));
  router.use(courseRoutes());
  router.use(checkInRoutes(checkInCodes, config));
  router.use('/me', meRoutes(baseUrl));
  router.use('/manage', manageRoutes(baseUrl, checkInCodes));
  router.use('/city', cityRoutes(baseUrl, config.pseudonymKey));
  return router;
}
