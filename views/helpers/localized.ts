// {{localized course.title}}: the page language's text of a {ko, en} value, falling back to Korean.
import type { HelperOptions } from 'handlebars';
import { renderContext } from './render-context';

export function localized(value: unknown, options: HelperOptions): string {
  if (typeof value !== 'object' || value === null) return value === undefined || value === null ? '' : String(value);
  const texts = value as Record<string, unknown>;
  const lang = renderContext(options).lang;
  const text = texts[lang] || texts.ko || texts.en;
  return typeof text === 'string' ? text : '';
}
