import { Router } from 'express';
import { getUniversityByCode, listUniversities } from '../server/services/universities';

export function publicRoutes(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    res.render('home', { universities: await listUniversities() });
  });

  router.get('/universities', async (_req, res) => {
    res.render('universities/index', { universities: await listUniversities() });
  });

  router.get('/universities/:code', async (req, res) => {
    res.render('universities/show', { university: await getUniversityByCode(req.params.code) });
  });

  return router;
}
