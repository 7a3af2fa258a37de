import type { TFunction } from 'i18next';
import { keysWithFormats } from '.';

type Translate = (key: string | string[], options?: object) => string;

/** Texts by language, key and parameter values; the locale files never change while the app runs. */
const remembered = new Map<string, string>();
/**
 * The app's own keys are a few thousand, but parameter values (a course's title, a count) make
 * many more: when this many are kept, they are all forgotten and kept again as pages ask for them.
 */
const maxRemembered = 20_000;

type Value = string | number | boolean;

const isValue = (value: unknown): value is Value =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

/**
 * Where a text is kept for these options: parameters that are plain strings, finite numbers or
 * booleans (JSON tells them apart, so two sets of values never share a place). Undefined for
 * options whose text may vary with more than their values: an object, a date, `context` (which
 * picks another key), or a key whose text formats a value (`{{date, day}}` shows the year only
 * when it is not this year's).
 */
function placeOf(lang: string, key: string, options: object | undefined): string | undefined {
  if (options === undefined) return `${lang}\n${key}`;
  const entries = Object.entries(options);
  if (entries.length === 0) return `${lang}\n${key}`;
  if (keysWithFormats().has(key) || 'context' in options || !entries.every(([, value]) => isValue(value)))
    return undefined;
  return `${lang}\n${key}\n${JSON.stringify(options)}`;
}

/**
 * `t` for the views. i18next spends tens of microseconds on each call and a page makes about a
 * hundred: a text is looked up once per language, key and parameter values, and kept. Missing
 * keys (answered with the key itself) are not kept.
 */
export function rememberingT(t: TFunction, lang: string): TFunction {
  const translate = t as unknown as Translate;
  const remembering: Translate = (key, options) => {
    const place = typeof key === 'string' ? placeOf(lang, key, options) : undefined;
    if (place === undefined) return translate(key, options);
    const known = remembered.get(place);
    if (known !== undefined) return known;
    const text = translate(key, options);
    if (typeof text !== 'string' || text === key) return text;
    if (remembered.size >= maxRemembered) remembered.clear();
    remembered.set(place, text);
    return text;
  };
  return remembering as unknown as TFunction;
}
