import { Router } from 'express';
import { searchCatalog } from '../server/services/courses/catalog';
import { getUniversityByCode, listUniversities } from '../server/services/courses/universities';

export function publicRoutes(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const open = await searchCatalog({ open: true, page: 1 });
    res.render('home', {
      universities: await listUniversities(),
      openCourses: open.items.slice(0, 6),
      openTotal: open.total,
    });
  });

  router.get('/universities', async (_req, res) => {
    res.render('universities/index', { universities: await listUniversities() });
  });

  router.get('/universities/:code', async (req, res) => {
    res.render('universities/show', { university: await getUniversityByCode(req.params.code) });
  });

  return router;
}
