import type { RequestHandler } from 'express';
import { defaultLocale, isLocale } from '../i18n';
import { rememberingT } from '../i18n/remembered-texts';
import { setLanguageSwitch } from './language-switch';

/** Values every page reads: translation, language, and the language switch links. */
export const pageLocals: RequestHandler = (req, res, next) => {
  const lang = isLocale(req.language) ? req.language : defaultLocale;
  res.locals.t = rememberingT(req.t, lang);
  res.locals.lang = lang;
  setLanguageSwitch(req, res);
  res.locals.currentPath = new URL(req.originalUrl, 'http://localhost').pathname;
  next();
};
