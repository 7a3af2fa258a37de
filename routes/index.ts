import { Router } from 'express';
import type { AppPassport as Passport } from '../server/auth/passport';
import { accountRoutes } from './account';
import { publicRoutes } from './public';

export interface RouteDeps {
  passport: Passport;
}

/** Mount order is the access policy: public routes first, then routers that guard themselves. */
export function routes({ passport }: RouteDeps): Router {
  const router = Router();
  router.use(publicRoutes());
  router.use(accountRoutes(passport));
  return router;
}
