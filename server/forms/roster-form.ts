import { z } from 'zod';
import { enrollmentStatuses } from '../../models/enrollment';
import { textLimits } from '../../models/text';
import { rosterSorts, type RosterView } from '../services/courses/roster';
import { email, optionalText, requiredText, text } from './fields';

const isRowId = (v: unknown): v is string => typeof v === 'string' && /^[a-f0-9]{24}$/.test(v);

/** Ids of roster rows (checked boxes): one posted value or several, none an empty list; a bad one is the list's error. */
const rowIds = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.unknown())
    .max(1000, 'forms.invalid')
    .refine((ids) => ids.every(isRowId), 'forms.invalid')
    .transform((ids) => ids.filter(isRowId)),
);

/** A reason staff may give with a decision; the trainee is told it. */
const decisionReason = optionalText(textLimits.decisionReason, { multiline: true });

/** Approve or reject one application. */
export const decisionSchema = z.object({ reason: decisionReason });

/** Approve or reject the checked rows of a roster. */
export const bulkDecisionSchema = z.object({
  action: z.enum(['approve', 'reject'], 'forms.invalid'),
  ids: rowIds.refine((ids) => ids.length > 0, 'manage.roster.errors.noneSelected'),
  reason: decisionReason,
});

/** Enrol a trainee who has an account, by the account's email address. */
export const enrolSchema = z.object({ email });

/** A message to the course's enrolled trainees, all of them or the checked rows. */
export const rosterMessageSchema = z
  .object({
    audience: z.enum(['enrolled', 'selected'], 'forms.invalid'),
    ids: rowIds,
    subject: requiredText(textLimits.messageSubject),
    body: requiredText(textLimits.messageBody, { multiline: true }),
  })
  .refine((m) => m.audience === 'enrolled' || m.ids.length > 0, {
    path: ['ids'],
    message: 'manage.roster.errors.noneSelected',
  });

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

const rosterQuerySchema = z.object({
  status: optional(z.enum(enrollmentStatuses)),
  q: optional(text(100)),
  sort: z.enum(rosterSorts).catch('applied'),
});

/** Roster search, status filter and sort from the query string; a bad value is dropped rather than failing the page. */
export function parseRosterQuery(query: unknown): Required<Pick<RosterView, 'sort'>> & RosterView {
  return rosterQuerySchema.parse(typeof query === 'object' && query !== null ? query : {});
}
