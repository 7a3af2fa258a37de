import { z } from 'zod';
import { textLimits } from '../../models/text';
import type { AuditFilter } from '../services/audit/log';
import { day, optionalText } from './fields';

const emptyAsUndefined = (v: string) => v || undefined;
const optionalDay = z.preprocess((v) => (v === '' ? undefined : v), day.optional());

/** The audit log's filters from the query string: a day that is not on the calendar is refused with a message. */
export const auditFilterSchema = z
  .object({
    actor: optionalText(textLimits.email).transform(emptyAsUndefined),
    action: optionalText(80).transform(emptyAsUndefined),
    from: optionalDay,
    to: optionalDay,
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'audit.filter.toBeforeFrom',
  }) satisfies z.ZodType<AuditFilter>;
