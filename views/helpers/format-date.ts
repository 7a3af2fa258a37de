// {{formatDate value}} or {{formatDate value "datetime"}}: a date in Asia/Seoul, in the page's language, with its
// weekday ("12월 1일 (화)", "Tue 1 Dec"); the year only when it is not this year. `value` is an instant or a
// `YYYY-MM-DD` calendar day (a session's date).
import type { HelperOptions } from 'handlebars';
import { parseDay, seoulDayOf, seoulInstant } from '../../server/lib/calendar';
import { clock } from '../../server/lib/clock';
import { renderContext } from './render-context';

// Short months: with a long month this machine's ICU drops the parentheses of a Korean weekday once the year is shown.
const day = { weekday: 'short', month: 'short', day: 'numeric' } as const;
const styles = {
  date: day,
  // 24-hour clock: this machine's ICU writes Korean times as "AM 2:23", which reads as English on a Korean page.
  datetime: { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  time: { timeStyle: 'short', hourCycle: 'h23' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

type Style = keyof typeof styles;

// Building a formatter costs far more than formatting with one: keep one per language, style and year display.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: Style, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale} ${style} ${withYear}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = { ...styles[style], timeZone: 'Asia/Seoul' };
    if (withYear && style !== 'time') options.year = 'numeric';
    formatters.set(key, (found = new Intl.DateTimeFormat(locale, options)));
  }
  return found;
}

function toDate(value: unknown): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value instanceof Date) return value;
  const text = String(value);
  const date = parseDay(text).ok ? seoulInstant(text) : new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDate(value: unknown, ...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  const style: Style = typeof args[0] === 'string' && args[0] in styles ? (args[0] as Style) : 'date';
  const date = toDate(value);
  if (!date) return '';
  const withYear = seoulDayOf(date).slice(0, 4) !== seoulDayOf(clock.now()).slice(0, 4);
  const locale = renderContext(options).lang === 'ko' ? 'ko-KR' : 'en-GB';
  return formatter(locale, style, withYear).format(date);
}
