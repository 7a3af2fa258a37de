import type { TFunction } from 'i18next';

type Translate = (key: string | string[], options?: object) => string;

/** Texts without parameters, by language and key; the locale files never change while the app runs. */
const remembered = new Map<string, string>();
/** The app's own keys are a few thousand; a key built from a request value could be anything, so stop there. */
const maxRemembered = 20_000;

const hasValues = (options: object | undefined) => options !== undefined && Object.keys(options).length > 0;

/**
 * `t` for the views. i18next spends tens of microseconds on each call and a page makes about a
 * hundred, most of them without parameters: such a text is looked up once per language and kept.
 * Missing keys (answered with the key itself) are not kept.
 */
export function rememberingT(t: TFunction, lang: string): TFunction {
  const translate = t as unknown as Translate;
  const remembering: Translate = (key, options) => {
    if (typeof key !== 'string' || hasValues(options)) return translate(key, options);
    const id = `${lang}:${key}`;
    const known = remembered.get(id);
    if (known !== undefined) return known;
    const text = translate(key);
    if (text !== key && remembered.size < maxRemembered) remembered.set(id, text);
    return text;
  };
  return remembering as unknown as TFunction;
}
