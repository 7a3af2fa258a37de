import type { HelperOptions } from 'handlebars';
import type { TFunction } from 'i18next';
import { defaultLocale, isLocale, type Locale } from '../../server/i18n';

/** What every helper may read from the page being rendered (res.locals). */
export interface RenderContext {
  t: TFunction | undefined;
  lang: Locale;
}

export function renderContext(options: HelperOptions): RenderContext {
  const root: unknown = options.data?.root;
  const record = (typeof root === 'object' && root !== null ? root : {}) as Record<string, unknown>;
  return {
    t: typeof record.t === 'function' ? (record.t as TFunction) : undefined,
    lang: isLocale(record.lang) ? record.lang : defaultLocale,
  };
}
