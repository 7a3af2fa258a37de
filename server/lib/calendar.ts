import { dayMs } from './clock';

/**
 * The one reader of typed dates and times: `YYYY-MM-DD`, `HH:MM` and the `YYYY-MM-DDTHH:MM` of a
 * datetime-local input, all in Asia/Seoul. It refuses what is not on the calendar (month 13,
 * 2027-02-30, 25:00) instead of letting `Date` roll it over into another day, and years outside
 * the programme's (a `0000` or `0202` is a typo, not a training day).
 */

export const calendarYears = { min: 2000, max: 2099 } as const;

export type CalendarProblem = 'format' | 'impossible' | 'range';
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: CalendarProblem };

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{2}):(\d{2})$/;
// Korea has kept UTC+9 all year since 1988.
const seoulOffset = '+09:00';
const seoulOffsetMs = 9 * 3_600_000;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A calendar day as `YYYY-MM-DD`. */
export function parseDay(text: string): Parsed<string> {
  const match = dayPattern.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, problem: 'impossible' };
  if (year < calendarYears.min || year > calendarYears.max) return { ok: false, problem: 'range' };
  return { ok: true, value: text };
}

/** A time of day as `HH:MM`, 00:00–23:59. */
export function parseTime(text: string): Parsed<string> {
  const match = timePattern.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const [hours, minutes] = match.slice(1).map(Number) as [number, number];
  return hours > 23 || minutes > 59 ? { ok: false, problem: 'impossible' } : { ok: true, value: text };
}

/**
 * Instants of the days and times read lately. Pages place every session of the courses they show
 * against now, and parsing the same few hundred dates again on every request took a visible share
 * of a trainee's page. Cleared when full: a day's sessions are a few thousand at most.
 */
const instants = new Map<string, number>();
const heldInstants = 20_000;

/** The instant of a day and time in Asia/Seoul; both must have been read by parseDay and parseTime. */
export function seoulInstant(day: string, time = '00:00'): Date {
  const text = `${day}T${time}:00${seoulOffset}`;
  let at = instants.get(text);
  if (at === undefined) {
    if (instants.size >= heldInstants) instants.clear();
    instants.set(text, (at = Date.parse(text)));
  }
  return new Date(at);
}

/** The year of an instant on the Asia/Seoul calendar. */
export function seoulYearOf(at: Date | number): number {
  return seoulWallClock(at).getUTCFullYear();
}

/** The instant a datetime-local input (`YYYY-MM-DDTHH:MM`) means in Asia/Seoul. */
export function parseSeoulDateTime(text: string): Parsed<Date> {
  const [day, time, ...rest] = text.split('T');
  if (day === undefined || time === undefined || rest.length) return { ok: false, problem: 'format' };
  const parsedDay = parseDay(day);
  const parsedTime = parseTime(time);
  if (!parsedDay.ok) return parsedDay;
  if (!parsedTime.ok) return parsedTime;
  return { ok: true, value: seoulInstant(day, time) };
}

/** A Date whose UTC fields read the Asia/Seoul wall clock at the instant `at`. */
export function seoulWallClock(at: Date | number): Date {
  return new Date(+at + seoulOffsetMs);
}

/** `YYYY-MM-DDTHH:MM` of an instant in Asia/Seoul. */
export function seoulDateTime(at: Date | number): string {
  return seoulWallClock(at).toISOString().slice(0, 16);
}

/** `YYYY-MM-DD` of an instant on the Asia/Seoul calendar. */
export function seoulDayOf(at: Date | number): string {
  return seoulDateTime(at).slice(0, 10);
}

/** The first and the last millisecond of a day (read by parseDay) in Asia/Seoul. */
export function seoulDayBounds(day: string): { start: Date; end: Date } {
  const start = seoulInstant(day);
  return { start, end: new Date(start.getTime() + dayMs - 1) };
}

/** An instant as the `YYYY-MM-DDTHH:MM` a datetime-local input shows in Asia/Seoul. */
export function toSeoulDateTimeInput(value: Date | null | undefined): string {
  return value ? seoulDateTime(value) : '';
}

/** The day `n` days after `day` (YYYY-MM-DD; negative `n` goes back). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);
}

/** The same day `n` months after `day`, or that month's last day when it is shorter (01-31 + 1 → 02-28). */
export function addMonths(day: string, n: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const d = Math.min(date, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
