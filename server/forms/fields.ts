import { z } from 'zod';
import { textLimits } from '../../models/text';
import { calendarYears, parseDay, parseSeoulDateTime, parseTime, type CalendarProblem } from '../lib/calendar';
import { normalizeText, textProblem, type TextProblem, type TextShape } from '../lib/text';
import { messageWith } from './parse';

/**
 * The building blocks of every form schema. Texts are normalized (NFC, trimmed) and held to
 * the models' rule (server/lib/text.ts): the same length in characters, no control, direction
 * or invisible characters. Dates and times are read by server/lib/calendar.ts. A missing value
 * is "required", a value of the wrong shape (a repeated field, `name[x]=`) "not valid".
 */

/** A posted string, not yet normalized: missing is "required", a repeated or nested field "not valid". */
export const postedString = z.string({
  error: (issue) => (issue.input === undefined ? 'forms.required' : 'forms.invalid'),
});

function textMessage(problem: TextProblem): string {
  if (problem.kind === 'tooLong') return messageWith('forms.text.tooLong', { max: problem.max });
  if (problem.kind === 'character') return messageWith('forms.text.character', { codePoint: problem.codePoint });
  return 'forms.text.stacked';
}

/** Normalized text of at most `max` characters, possibly empty. */
export const text = (max: number, shape: TextShape = {}) =>
  postedString
    .overwrite((value) => normalizeText(value, shape))
    .superRefine((value, ctx) => {
      const problem = textProblem(value, max, shape);
      if (problem) ctx.addIssue({ code: 'custom', message: textMessage(problem) });
    });
export const requiredText = (max: number, shape: TextShape = {}) => text(max, shape).min(1, 'forms.required');
/** A field the browser may leave out entirely (an unsent textarea) reads as empty. */
export const optionalText = (max: number, shape: TextShape = {}) => z.preprocess((v) => v ?? '', text(max, shape));

/** The Korean and English fields of one bilingual text (`titleKo`, `titleEn`), under one rule. */
export const bilingualFields = <P extends string, S extends z.ZodType>(prefix: P, schema: S) =>
  ({ [`${prefix}Ko`]: schema, [`${prefix}En`]: schema }) as Record<`${P}Ko` | `${P}En`, S>;

export const personName = requiredText(textLimits.personName);

/** A field that may be posted once, several times (ticked boxes) or not at all, as a list. */
export const postedList = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());
export const email = postedString
  .overwrite((value) => normalizeText(value).toLowerCase())
  .min(1, 'forms.required')
  .max(textLimits.email, messageWith('forms.text.tooLong', { max: textLimits.email }))
  .pipe(z.email('forms.email'));

function calendarMessage(kind: 'date' | 'time' | 'dateTime', problem: CalendarProblem, value: string): string {
  if (problem === 'format') return `forms.${kind}.format`;
  if (problem === 'range') return messageWith('forms.date.range', calendarYears);
  return messageWith(`forms.${kind}.impossible`, { value });
}

function calendarField<T>(
  kind: 'date' | 'time' | 'dateTime',
  parse: (value: string) => { ok: true; value: T } | { ok: false; problem: CalendarProblem },
) {
  return postedString
    .trim()
    .min(1, 'forms.required')
    .transform((value, ctx) => {
      const parsed = parse(value);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: calendarMessage(kind, parsed.problem, value) });
      return z.NEVER;
    });
}

/** A calendar day, `YYYY-MM-DD`, that exists (no 2027-02-30) within the programme's years. */
export const day = calendarField('date', parseDay);
/** A time of day, `HH:MM`. */
export const time = calendarField('time', parseTime);
/** A datetime-local input (`YYYY-MM-DDTHH:MM`) read in Asia/Seoul, as the instant it means. */
export const dateTime = calendarField('dateTime', parseSeoulDateTime);

function wholeNumberIn(min: number, max: number) {
  const range = messageWith('forms.number.range', { min, max });
  return z
    .number({ error: (issue) => (issue.input === undefined ? 'forms.required' : 'forms.number.invalid') })
    .int('forms.number.integer')
    .min(min, range)
    .max(max, range);
}
/** A typed number as a number; blank as `blank` (missing, or no value). */
const typedNumber = (blank: undefined | null) => (v: unknown) =>
  typeof v === 'string' ? (v.trim() === '' ? blank : Number(v.trim())) : (v ?? blank);

/** A whole number from `min` to `max`. */
export const wholeNumber = (min: number, max: number) => z.preprocess(typedNumber(undefined), wholeNumberIn(min, max));
/** The same, or blank for none (`null`). */
export const optionalWholeNumber = (min: number, max: number) =>
  z.preprocess(typedNumber(null), wholeNumberIn(min, max).nullable());
