import { Router } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import { accountRoutes } from './account';
import { cityRoutes } from './city';
import { courseRoutes } from './courses';
import { manageRoutes } from './manage';
import { meRoutes } from './me';
import { publicRoutes } from './public';

export interface RouteDeps {
  passport: Passport;
}

/** Mount order is the access policy: public routes first, then routers that declare their guard once. */
export function routes({ passport }: RouteDeps): Router {
  const router = Router();
  router.use(publicRoutes());
  router.use(accountRoutes(passport));
  router.use(courseRoutes());
  router.use('/me', meRoutes());
  router.use('/manage', manageRoutes());
  router.use('/city', cityRoutes());
  return router;
}
