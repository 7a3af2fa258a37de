import { z } from 'zod';
import { textLimits } from '../../models/text';
import { auditActions } from '../services/audit/actions';
import { filterDays, maxAuditDays, type AuditFilter } from '../services/city/audit-log';
import { day, optionalText } from './fields';
import { messageWith } from './parse';

const emptyAsUndefined = (v: string) => v || undefined;
const optionalDay = z.preprocess((v) => (v === '' ? undefined : v), day.optional());

/**
 * The audit log's filters from the query string: a day that is not on the calendar, an end before
 * the start or a range longer than the log walks is refused with a message; an unknown university
 * or action code matches nothing rather than everything.
 */
export const auditFilterSchema = z
  .object({
    person: optionalText(textLimits.email).transform(emptyAsUndefined),
    university: optionalText(40).transform(emptyAsUndefined),
    action: z.preprocess((v) => (v === '' ? undefined : v), z.enum(auditActions, 'forms.invalid').optional()),
    from: optionalDay,
    to: optionalDay,
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'audit.filter.toBeforeFrom',
  })
  .refine((f) => (!f.from && !f.to) || filterDays(f.from, f.to).length <= maxAuditDays, {
    path: ['from'],
    message: messageWith('audit.filter.tooManyDays', { max: maxAuditDays }),
  }) satisfies z.ZodType<AuditFilter>;
