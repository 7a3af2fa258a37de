import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource } from 'i18next';
import { LanguageDetector } from 'i18next-http-middleware';
import { dateText } from '../lib/date-text';
import { localesDir } from '../paths';

export const locales = ['ko', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'ko';

/** Where a request's language is looked for, in this order, and where a change is kept. */
export const detectionOrder = ['querystring', 'cookie', 'header'];
export const languageCaches = ['cookie'];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * Each locale is a folder of JSON files, one per area of the app
 * (common.json, courses.json, ...); a file's keys live under its name,
 * so `t('courses.catalog.title')` reads courses.json → catalog.title.
 */
function loadResources(): Resource {
  const resources: Resource = {};
  for (const locale of locales) {
    const dir = path.join(localesDir, locale);
    const translation: Record<string, unknown> = {};
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      translation[path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
    resources[locale] = { translation } as Resource[string];
  }
  return resources;
}

let loaded: Resource | undefined;

/** The locale files, read once: they never change while the app runs. */
function resources(): Resource {
  loaded ??= loadResources();
  return loaded;
}

/**
 * A text without parameters in every language, for input that may be typed in either (an
 * attendance mark). Read from the locale files once.
 */
export function textInEveryLocale(area: string, key: string): string[] {
  const texts = locales.map((locale) => {
    const translation = resources()[locale]?.translation as Record<string, Record<string, unknown>> | undefined;
    return translation?.[area]?.[key];
  });
  return texts.filter((text): text is string => typeof text === 'string');
}

/** A value formatted in a text (`{{date, day}}`), or another text nested in it (`$t(key)`). */
const formatsAValue = /\{\{[^}]*,[^}]*\}\}|\$t\(/;
/** The suffixes i18next adds to a key to pick a plural form. */
const pluralSuffix = /_(zero|one|two|few|many|other)$/;

let formatted: Set<string> | undefined;

/**
 * The keys, in any language, whose text formats a value or nests another text: what such a text
 * shows may change while the app runs (a date shows its year once it is no longer this year's).
 * A plural form's key counts for its base key.
 */
export function keysWithFormats(): Set<string> {
  if (formatted) return formatted;
  const keys = new Set<string>();
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (formatsAValue.test(node)) keys.add(path.replace(pluralSuffix, ''));
    } else if (typeof node === 'object' && node !== null) {
      for (const [name, child] of Object.entries(node)) walk(child, path ? `${path}.${name}` : name);
    }
  };
  for (const locale of locales) walk(resources()[locale]?.translation, '');
  formatted = keys;
  return keys;
}

export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(LanguageDetector).init({
    resources: resources(),
    fallbackLng: defaultLocale,
    supportedLngs: [...locales],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    returnNull: false,
    showSupportNotice: false,
    // Handlebars escapes every {{value}}; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    detection: {
      order: detectionOrder,
      lookupQuerystring: 'lang',
      lookupCookie: 'lang',
      caches: languageCaches,
      cookieSameSite: 'lax',
      cookieExpirationDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    },
  });
  // `{{date, day}}` in a text: a stored calendar day or instant as people read it, in the text's language.
  instance.services.formatter?.add('day', (value, lng) => dateText(value, lng ?? defaultLocale));
  return instance;
}
