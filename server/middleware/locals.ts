import type { RequestHandler } from 'express';
import { defaultLocale, isLocale } from '../i18n';
import { rememberingT } from '../i18n/remembered-texts';

/** Values every page reads: translation, language, and the language switch links. */
export const pageLocals: RequestHandler = (req, res, next) => {
  const detected = (req.i18n.resolvedLanguage ?? req.language ?? '').slice(0, 2);
  const lang = isLocale(detected) ? detected : defaultLocale;
  const url = new URL(req.originalUrl, 'http://localhost');
  const switchTo = (target: string) => {
    url.searchParams.set('lang', target);
    return `${url.pathname}${url.search}`;
  };
  res.locals.t = rememberingT(req.t, lang);
  res.locals.lang = lang;
  res.locals.langUrls = { ko: switchTo('ko'), en: switchTo('en') };
  res.locals.currentPath = url.pathname;
  next();
};
