import { Router } from 'express';
import { homeShown, programmeAnnouncements } from '../server/services/announcements/announcements';
import { searchCatalog } from '../server/services/courses/catalog';
import { getUniversityByCode, listUniversities } from '../server/services/courses/universities';

export function publicRoutes(): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    // The announcements' cache version is read with the catalog's, in one query.
    const [open, announcements] = await Promise.all([
      searchCatalog({ open: true, page: 1 }),
      programmeAnnouncements(homeShown),
    ]);
    res.render('home', {
      announcements,
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
