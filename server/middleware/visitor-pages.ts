import type { Request, RequestHandler, Response } from 'express';
import { readCacheVersion } from '../../models/cache-version';
import { clock } from '../lib/clock';
import { catalogCountsKey } from '../../models/seat';
import { VersionedCache } from '../lib/versioned-cache';
import { sessionCookieName } from './session';

/** The pages every visitor sees alike: home, the catalog with any search, a course, the universities. */
const visitorPaths = [/^\/$/, /^\/courses$/, /^\/courses\/[a-f0-9]{24}$/, /^\/universities(\/[\w-]{1,40})?$/];
/** Rendered pages kept per catalog version; the oldest goes first (about 30 KB each). */
const maxPages = 300;
/**
 * A page shows each course's enrolment phase, which the clock moves without any write: a kept
 * page is rendered again after a minute.
 */
const pageLifeMs = 60_000;

interface KeptPage {
  html: string;
  until: number;
}

function signedOutVisitor(req: Request): boolean {
  return (
    (req.method === 'GET' || req.method === 'HEAD') &&
    !req.headers.cookie?.includes(`${sessionCookieName}=`) &&
    visitorPaths.some((path) => path.test(req.path))
  );
}

/**
 * A visitor without a session gets home, the catalog and the course pages from HTML rendered for
 * an earlier visitor, as long as the catalog's version (every write to courses and universities
 * changes it) and its counts' (every seat and waitlist write, courses/catalog-counts.ts), and the
 * page's minute are the same, and in the same language. Both versions come in one query.
 * Placed before the session, passport and CSRF middleware, which such a page needs none of; after
 * the security headers, the language and the page's locals. A miss goes through the whole chain
 * and its rendered page is kept, unless it asked for a CSRF token (then it holds a form and is not
 * everyone's) or was not a 200.
 */
export function visitorPages(): RequestHandler {
  const kept = new VersionedCache(
    () => readCacheVersion('catalog'),
    async () => new Map<string, KeptPage>(),
  );
  return async (req, res, next) => {
    if (!signedOutVisitor(req)) return next();
    const [pages, counts] = await Promise.all([kept.get(), readCacheVersion(catalogCountsKey)]);
    const key = `${counts} ${String(res.locals.lang)} ${req.originalUrl}`;
    const now = clock.now();
    const page = pages.get(key);
    if (page && page.until > now) {
      res.type('html').send(page.html);
      return;
    }
    keepRendered(req, res, (html) => {
      pages.delete(key);
      pages.set(key, { html, until: now + pageLifeMs });
      if (pages.size > maxPages) pages.delete(pages.keys().next().value!);
    });
    next();
  };
}

/** As Express's own render, whose errors go on to the error handler; the page is kept first. */
function keepRendered(req: Request, res: Response, keep: (html: string) => void): void {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object) => {
    const token = res.locals.csrfToken as (() => string) | undefined;
    let holdsForm = false;
    res.locals.csrfToken = () => {
      holdsForm = true;
      return token ? token() : '';
    };
    render(view, options ?? {}, (err: Error | null, html: string) => {
      if (err) return req.next?.(err);
      if (res.statusCode === 200 && !holdsForm) keep(html);
      res.send(html);
    });
  }) as Response['render'];
}
