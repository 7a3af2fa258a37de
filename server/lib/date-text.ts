import { parseDay, seoulInstant, seoulYearOf } from './calendar';
import { clock } from './clock';

// Short months: with a long month this machine's ICU drops the parentheses of a Korean weekday once the year is shown.
const day = { weekday: 'short', month: 'short', day: 'numeric' } as const;
const styles = {
  /** "12월 1일 (화)", "Tue 1 Dec": the year only when it is not this year. */
  date: day,
  // 24-hour clock: this machine's ICU writes Korean times as "AM 2:23", which reads as English on a Korean page.
  datetime: { ...day, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  time: { timeStyle: 'short', hourCycle: 'h23' },
  /** "2026년 12월 1일", "1 December 2026": a document's date (a certificate), always with its year. */
  long: { year: 'numeric', month: 'long', day: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof styles;

export function isDateStyle(value: unknown): value is DateStyle {
  return typeof value === 'string' && value in styles;
}

// Building a formatter costs far more than formatting with one: keep one per language, style and year display.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, style: DateStyle, withYear: boolean): Intl.DateTimeFormat {
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

/**
 * The texts formatted lately: a page shows the same session dates to everyone, and formatting them
 * again on every request was a visible share of a trainee's page. Cleared when full.
 */
const texts = new Map<string, string>();
const heldTexts = 20_000;

/**
 * A date as people read it, in Asia/Seoul and the given language (`ko`, anything else is English).
 * `value` is an instant or a `YYYY-MM-DD` calendar day (a session's date); '' when it is neither.
 */
export function dateText(value: unknown, lang: string, style: DateStyle = 'date'): string {
  const date = toDate(value);
  if (!date) return '';
  const withYear = seoulYearOf(date) !== seoulYearOf(clock.now());
  const locale = lang === 'ko' ? 'ko-KR' : 'en-GB';
  const key = `${locale} ${style} ${withYear} ${date.getTime()}`;
  let text = texts.get(key);
  if (text === undefined) {
    if (texts.size >= heldTexts) texts.clear();
    texts.set(key, (text = formatter(locale, style, withYear).format(date)));
  }
  return text;
}
