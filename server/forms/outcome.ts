import { z } from 'zod';
import { employmentStatuses, outcomeSectors } from '../../models/outcome-answer';

const blankIsMissing = (v: unknown) => (v === '' ? undefined : v);

/**
 * The follow-up form: employment status and relevance always; sector and whether the job is in
 * Pohang only for someone employed (and then required), otherwise dropped.
 */
export const outcomeSchema = z
  .object({
    employment: z.enum(employmentStatuses, 'forms.required'),
    sector: z.preprocess(blankIsMissing, z.enum(outcomeSectors, 'forms.invalid').optional()),
    inPohang: z.preprocess(blankIsMissing, z.enum(['yes', 'no'], 'forms.invalid').optional()),
    relevance: z.enum(['1', '2', '3', '4', '5'], 'forms.required').transform(Number),
  })
  .superRefine((form, ctx) => {
    if (form.employment !== 'employed') return;
    if (!form.sector) ctx.addIssue({ code: 'custom', path: ['sector'], message: 'forms.required' });
    if (!form.inPohang) ctx.addIssue({ code: 'custom', path: ['inPohang'], message: 'forms.required' });
  })
  .transform(({ employment, sector, inPohang, relevance }) =>
    employment === 'employed'
      ? { employment, sector, inPohang: inPohang === 'yes', relevance }
      : { employment, relevance },
  );

/** The select options of the form, in the views' `{value, label}` form. */
export const outcomeOptions = {
  employment: employmentStatuses.map((value) => ({ value, label: `outcomes.employment.${value}` })),
  sector: outcomeSectors.map((value) => ({ value, label: `outcomes.sector.${value}` })),
  inPohang: ['yes', 'no'].map((value) => ({ value, label: `outcomes.inPohang.${value}` })),
  relevance: [1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: `outcomes.relevance.${value}` })),
};
