import type { RequestHandler } from 'express';
import type { i18n } from 'i18next';
import type { LanguageDetector } from 'i18next-http-middleware';
import { defaultLocale, detectionOrder, isLocale, languageCaches, locales, type Locale } from '.';

/** The language a detected code names ('en-US' → 'en'), the default when it names none of ours. */
function localeOf(detected: unknown): Locale {
  const code = (Array.isArray(detected) ? detected[0] : detected) as unknown;
  const short = typeof code === 'string' ? code.slice(0, 2).toLowerCase() : '';
  return isLocale(short) ? short : defaultLocale;
}

function cookieLanguage(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? /(?:^|;\s*)lang=([^;]*)/.exec(cookieHeader)?.[1] : undefined;
}

/**
 * Gives each request its language (the address's `lang`, then the `lang` cookie, then
 * Accept-Language, as i18next-http-middleware's detector reads them) and the one shared translator
 * of that language: the library's own `handle` clones the whole i18next instance per request,
 * which cost more than rendering a small page. The cookie is written only when the language changes.
 */
export function languageOfRequest(instance: i18n): RequestHandler {
  const detector = instance.services.languageDetector as LanguageDetector;
  const translators = new Map(locales.map((lang) => [lang, instance.getFixedT(lang)]));
  return (req, res, next) => {
    const lang = localeOf(detector.detect(req, res, detectionOrder));
    req.i18n = instance;
    req.language = lang;
    req.languages = [lang];
    req.t = translators.get(lang) ?? instance.t;
    res.setHeader('Content-Language', lang);
    if (cookieLanguage(req.headers.cookie) !== lang) detector.cacheUserLanguage(req, res, lang, languageCaches);
    next();
  };
}
