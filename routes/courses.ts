import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../server/auth/guards';
import { attempt } from '../server/forms/attempt';
import { catalogChoices, catalogUrl, filterChips, parseCatalogQuery } from '../server/forms/catalog-query';
import { flash } from '../server/middleware/flash';
import { flashOutcome } from '../server/middleware/flash-outcome';
import { getPublicCourse, searchCatalog } from '../server/services/courses/catalog';
import { applyToCourse } from '../server/services/enrollment/apply';
import { withdrawEnrollment } from '../server/services/enrollment/decide';

const formKey = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function catalog(req: Request, res: Response) {
  const { query, ignored, eligibleNeedsTrainee } = parseCatalogQuery(req.query, {
    trainee: req.user?.role === 'trainee',
  });
  const result = await searchCatalog(query, req.user);
  const pages = Array.from({ length: result.pages }, (_v, i) => ({
    n: i + 1,
    url: catalogUrl(query, i + 1),
    current: i + 1 === result.page,
  }));
  res.render('courses/index', {
    title: req.t('courses.catalog.title'),
    query,
    ...result,
    pages,
    paginated: pages.length > 1,
    ...catalogChoices,
    chips: filterChips(query, result),
    ignored,
    eligibleNeedsTrainee,
    eligibleReturnTo: catalogUrl({ ...query, eligible: true }, 1),
    prevUrl: result.page > 1 ? catalogUrl(query, result.page - 1) : undefined,
    nextUrl: result.page < result.pages ? catalogUrl(query, result.page + 1) : undefined,
  });
}

async function showCourse(
  req: Request,
  res: Response,
  refused?: { errors: Record<string, string>; params?: Record<string, string> },
) {
  const page = await getPublicCourse(String(req.params.id), req.user);
  res.render('courses/show', {
    title: page.course.title[res.locals.lang as 'ko' | 'en'],
    ...page,
    applicationKey: crypto.randomUUID(),
    errors: refused?.errors,
    errorParams: refused?.params,
  });
}

/** The form's one-time key (courses/show.hbs) makes a double-click or a resent form the same application. */
function applicationKey(req: Request): string | undefined {
  const key: unknown = (req.body as Record<string, unknown> | undefined)?.key;
  return typeof key === 'string' && formKey.test(key) ? `apply:${req.user!.id}:${key}` : undefined;
}

async function enroll(req: Request, res: Response) {
  const result = await attempt(() => applyToCourse(req.user!, String(req.params.id), applicationKey(req)));
  if (!result.ok) {
    res.status(422);
    return showCourse(req, res, result);
  }
  const { status, position } = result.value;
  if (position) flash(req, 'success', 'enrollment.flash.waitlistedAt', { position });
  else flash(req, 'success', `enrollment.flash.${status}`);
  res.redirect(303, `/courses/${String(req.params.id)}`);
}

async function withdraw(req: Request, res: Response) {
  const result = await attempt(() => withdrawEnrollment(req.user!, String(req.params.id)));
  flashOutcome(req, result, 'enrollment.flash.withdrawn');
  res.redirect(303, '/me');
}

/** The public catalog and course pages, and the two trainee actions on them (guarded once, by path). */
export function courseRoutes(): Router {
  const router = Router();
  router.get('/courses', catalog);
  router.get('/courses/:id', (req, res) => showCourse(req, res));
  router.use(['/courses/:id/enroll', '/enrollments'], requireRole('trainee'));
  router.post('/courses/:id/enroll', enroll);
  router.post('/enrollments/:id/withdraw', withdraw);
  return router;
}
