import type { RequestHandler } from 'express';

export interface SectionLink {
  href: string;
  /** i18n key of the link text. */
  label: string;
  /** Paths below which this link is also the current one (e.g. `/city/reports/` for one report). */
  below?: string[];
}

/**
 * Declares an area's sub-navigation once, on its router; the layout renders it
 * (views/partials/section-nav.hbs) with the link of the page being shown marked current.
 */
export function sectionNav(label: string, links: SectionLink[]): RequestHandler {
  return (req, res, next) => {
    const path = new URL(req.originalUrl, 'http://localhost').pathname;
    res.locals.sectionNav = {
      label,
      links: links.map(({ href, label: text, below = [] }) => ({
        href,
        label: text,
        current: path === href || below.some((p) => path.startsWith(p)),
      })),
    };
    next();
  };
}
