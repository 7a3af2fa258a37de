import type { Request, RequestHandler, Response } from 'express';
import { localPathOf, parseLocal, safeReturnTo } from '../auth/safe-return';

/** Every posted form carries the address of the page it was on in this field (views/partials/csrf.hbs). */
export const formPageField = '_page';

/**
 * The GET address of the page a response shows, without its `lang`: the address itself for a GET;
 * for a page answering a form (a confirm page, a refused form shown again) the page the form was on,
 * as the form posted it, since the posted address may have no page of its own. The home page when
 * the form did not say.
 */
function pageOf(req: Request): URL {
  const posted = (req.body as Record<string, unknown> | undefined)?.[formPageField];
  const page = req.method === 'GET' || req.method === 'HEAD' ? req.originalUrl : (safeReturnTo(posted) ?? '/');
  // The links are written from the parsed address: what is checked is that, not the raw value
  // (`/.//x` parses to the path `//x`, a link to the host `x`).
  const parsed = parseLocal(page);
  const url = parsed && localPathOf(parsed) ? parsed : (parseLocal('/') as URL);
  url.searchParams.delete('lang');
  return url;
}

/** The header's language switch links, and the page address the forms on this page post along. */
export function setLanguageSwitch(req: Request, res: Response): void {
  const page = pageOf(req);
  res.locals.formPage = `${page.pathname}${page.search}`;
  const switchTo = (lang: string) => {
    const url = new URL(page);
    url.searchParams.set('lang', lang);
    return `${url.pathname}${url.search}`;
  };
  res.locals.langUrls = { ko: switchTo('ko'), en: switchTo('en') };
}

/** Once a form's body is read: the switch leads to the page the form was on, never to the address it posted to. */
export const formLanguageSwitch: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') setLanguageSwitch(req, res);
  next();
};
