import type { Request, RequestHandler, Response } from 'express';
import { readCacheVersion } from '../../models/cache-version';
import { BoundedMemory } from '../lib/bounded-memory';
import { clock } from '../lib/clock';
import { catalogCountsKey } from '../../models/seat';
import { VersionedCache } from '../lib/versioned-cache';
import { sessionCookieName } from './session';

/** The pages every visitor sees alike: home, the catalog with any search, a course, the universities. */
const visitorPaths = [/^\/$/, /^\/courses$/, /^\/courses\/[a-f0-9]{24}$/, /^\/universities(\/[\w-]{1,40})?$/];
/**
 * Bytes of rendered pages kept per catalog version, the least recently asked for going first:
 * the pages of a thousand courses in both languages (about 5 KB each) and many catalog pages
 * (16 KB). Held as UTF-8, as sent. Three hundred pages (a count) let most of a thousand
 * courses' pages be rendered anew on every view.
 */
const maxBytes = 16_000_000;
/**
 * A page shows each course's enrolment phase, which the clock moves without any write: a kept
 * page is rendered again after a minute.
 */
const pageLifeMs = 60_000;

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
    async () => new BoundedMemory<string, Buffer>(maxBytes, (page) => page.length),
  );
  return async (req, res, next) => {
    if (!signedOutVisitor(req)) return next();
    const [pages, counts] = await Promise.all([kept.get(), readCacheVersion(catalogCountsKey)]);
    const key = `${counts} ${String(res.locals.lang)} ${req.originalUrl}`;
    const now = clock.now();
    const page = pages.get(key, now);
    if (page) {
      res.type('html').send(page);
      return;
    }
    keepRendered(req, res, (html) => pages.set(key, Buffer.from(html), now + pageLifeMs));
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
