import type { HelperOptions } from 'handlebars';
import { formatDate } from '../../views/helpers/format-date';

/** A day or instant as the pages write it (weekday included), for assertions on page text. */
export function shownDate(value: Date | string, lang: 'ko' | 'en' = 'ko', style: 'date' | 'datetime' = 'date'): string {
  return formatDate(value, style, { data: { root: { lang } } } as unknown as HelperOptions);
}
