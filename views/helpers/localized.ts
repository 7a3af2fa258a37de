// {{localized course.title}}: the page language's text of a {ko, en} value, falling back to Korean.
import type { HelperOptions } from 'handlebars';
import { inLanguage, type Bilingual } from '../../server/lib/bilingual';
import { renderContext } from './render-context';

export function localized(value: unknown, options: HelperOptions): string {
  if (typeof value !== 'object' || value === null) return value === undefined || value === null ? '' : String(value);
  return inLanguage(value as Partial<Bilingual>, renderContext(options).lang);
}
