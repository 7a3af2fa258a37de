import { Router } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import { accountRoutes } from './account';
import { certificateRoutes } from './certificates';
import { cityRoutes } from './city';
import { courseRoutes } from './courses';
import { manageRoutes } from './manage';
import { meRoutes } from './me';
import { passwordResetRoutes } from './password-reset';
import { profileRoutes } from './me/profile';
import { publicRoutes } from './public';
import { registerRoutes } from './register';
import { setPasswordRoutes } from './set-password';

export interface RouteDeps {
  passport: Passport;
  /** Public address of the site, for links that leave it (certificate QR codes, set-password links). */
  baseUrl: string;
}

/** Mount order is the access policy: public routes first, then routers that declare their guard once. */
export function routes({ passport, baseUrl }: RouteDeps): Router {
  const router = Router();
  router.use(publicRoutes());
  router.use(accountRoutes(passport));
  router.use(registerRoutes());
  router.use(setPasswordRoutes());
  router.use(passwordResetRoutes());
  // Every signed-in user's profile; mounted before /me, whose guard admits trainees only.
  router.use('/me', profileRoutes());
  router.use(certificateRoutes(baseUrl));
  router.use(courseRoutes());
  router.use('/me', meRoutes());
  router.use('/manage', manageRoutes(baseUrl));
  router.use('/city', cityRoutes(baseUrl));
  return router;
}
