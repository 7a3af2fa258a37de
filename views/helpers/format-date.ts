// {{formatDate value}} or {{formatDate value "datetime"}}: a date in Asia/Seoul, in the page's language.
import type { HelperOptions } from 'handlebars';
import { renderContext } from './render-context';

const styles = {
  date: { dateStyle: 'medium' },
  // 24-hour clock: this machine's ICU writes Korean times as "AM 2:23", which reads as English on a Korean page.
  datetime: { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' },
  time: { timeStyle: 'short', hourCycle: 'h23' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

type Style = keyof typeof styles;

// Building a formatter costs far more than formatting with one: keep one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: Style): Intl.DateTimeFormat {
  const key = `${locale} ${style}`;
  let found = formatters.get(key);
  if (!found)
    formatters.set(key, (found = new Intl.DateTimeFormat(locale, { ...styles[style], timeZone: 'Asia/Seoul' })));
  return found;
}

export function formatDate(value: unknown, ...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  const style: Style = typeof args[0] === 'string' && args[0] in styles ? (args[0] as Style) : 'date';
  if (value === undefined || value === null || value === '') return '';
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return '';
  const locale = renderContext(options).lang === 'ko' ? 'ko-KR' : 'en-GB';
  return formatter(locale, style).format(date);
}
