import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { requireRole } from '../server/auth/guards';
import { attempt } from './support/attempt';
import { RenderedRows } from '../server/lib/rendered-rows';
import { pageLanguage, renderOnItsOwn } from './support/render-on-its-own';
import { catalogChoices, catalogUrl, filterChips, parseCatalogQuery } from '../server/forms/catalog-query';
import { flashOutcome } from './support/flash-outcome';
import { courseAnnouncements } from '../server/services/announcements/announcements';
import { getPublicCourse, searchCatalog } from '../server/services/courses/catalog';
import {
  applicationKey,
  applicationOutcome,
  applyToCourse,
  type ApplyResult,
} from '../server/services/applications/apply';
import { withdrawEnrollment } from '../server/services/applications/application-decide';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function catalog(req: Request, res: Response) {
  const { query, ignored, eligibleNeedsTrainee } = parseCatalogQuery(req.query, {
    trainee: req.user?.role === 'trainee',
  });
  const result = await searchCatalog(query, req.user);
  const chips = filterChips(query, result);
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
    chips,
    // Filters and sort in force besides the search words, counted on the folded filters' summary.
    foldedApplied: chips.filter((chip) => chip.name !== 'q').length,
    ignored,
    eligibleNeedsTrainee,
    eligibleReturnTo: catalogUrl({ ...query, eligible: true }, 1),
    prevUrl: result.page > 1 ? catalogUrl(query, result.page - 1) : undefined,
    nextUrl: result.page < result.pages ? catalogUrl(query, result.page + 1) : undefined,
  });
}

/**
 * The parts of a course page that every viewer sees alike — its header, facts, schedule,
 * announcements and description — rendered once per course and kept beside what they were drawn
 * from (server/lib/rendered-rows.ts): the whole course, its counts, its university and its
 * announcements, each a shared object replaced when it changes, in each language and shown
 * status (which the clock moves). Only the apply box, which is the viewer's own, is rendered on
 * every view. A few kilobytes a course.
 */
const courseParts = new RenderedRows<{ head: string; facts: string }>(
  { variants: 4, size: 8_000_000 },
  (parts) => parts.head.length + parts.facts.length,
);

type CoursePage = Awaited<ReturnType<typeof getPublicCourse>>;

function coursePageParts(res: Response, page: CoursePage, announcements: readonly unknown[]) {
  const locals = { course: page.course, university: page.university, announcements };
  return courseParts.get(
    String(page.course._id),
    [...page.sources, announcements],
    `${pageLanguage(res)} ${page.course.shownStatus}`,
    async () => {
      const [head, facts] = await Promise.all([
        renderOnItsOwn(res, 'courses/show-head', locals),
        renderOnItsOwn(res, 'courses/show-facts', locals),
      ]);
      return { head, facts };
    },
  );
}

async function showCourse(
  req: Request,
  res: Response,
  refused?: { errors: Record<string, string>; params?: Record<string, string> },
) {
  // The course's announcements come from memory behind a cache version read with the catalog's: no read of their own.
  const [page, announcements] = await Promise.all([
    getPublicCourse(String(req.params.id), req.user),
    courseAnnouncements(String(req.params.id)),
  ]);
  const parts = await coursePageParts(res, page, announcements);
  const applied = req.user && formToken(req.query.applied);
  const outcome = applied && (await applicationOutcome(req.user!, applied));
  if (outcome) res.locals.flash = [...((res.locals.flash as unknown[] | undefined) ?? []), appliedMessage(outcome)];
  res.render('courses/show', {
    title: page.course.title[res.locals.lang as 'ko' | 'en'],
    ...page,
    ...parts,
    applicationKey: crypto.randomUUID(),
    errors: refused?.errors,
    errorParams: refused?.params,
  });
}

/** The apply form's one-time token (courses/show.hbs): a double-click or a resent form is the same application. */
function formToken(value: unknown): string | undefined {
  return typeof value === 'string' && uuid.test(value) ? value : undefined;
}

/** What a successful application tells the trainee: where they stand, with the waitlist place. */
function appliedMessage({ status, position }: ApplyResult) {
  return position
    ? { type: 'success' as const, key: 'enrollment.flash.waitlistedAt', params: { position } }
    : { type: 'success' as const, key: `enrollment.flash.${status}` };
}

/**
 * The answer names the application's token in the address it redirects to, and the course page
 * reads the outcome there: the session is not written, which in a 수강신청 rush was two of the
 * few commands an application costs.
 */
async function enroll(req: Request, res: Response) {
  const token = formToken((req.body as Record<string, unknown> | undefined)?.key) ?? crypto.randomUUID();
  const key = applicationKey(req.user!, token);
  const result = await attempt(() => applyToCourse(req.user!, String(req.params.id), key));
  if (!result.ok) {
    res.status(422);
    return showCourse(req, res, result);
  }
  res.redirect(303, `/courses/${String(req.params.id)}?applied=${token}`);
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
