import { z } from 'zod';
import { textLimits } from '../../models/text';
import type { ReportScope } from '../services/reports/completion-reports';
import { optionalText } from './fields';

/** A report covers a quarter (2026-Q3) or one course; the form sends `scope` and the matching field. */
export const reportScopeSchema = z
  .object({
    scope: z.enum(['quarter', 'course'], 'forms.required'),
    quarter: z.string().trim().optional(),
    course: z.string().trim().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.scope === 'quarter' && !/^\d{4}-Q[1-4]$/.test(f.quarter ?? ''))
      ctx.addIssue({ code: 'custom', path: ['quarter'], message: 'reports.errors.quarter' });
    if (f.scope === 'course' && !/^[a-f0-9]{24}$/.test(f.course ?? ''))
      ctx.addIssue({ code: 'custom', path: ['course'], message: 'reports.errors.course' });
  })
  .transform((f): ReportScope =>
    f.scope === 'quarter'
      ? { kind: 'quarter', quarter: f.quarter ?? '' }
      : { kind: 'course', courseId: f.course ?? '' },
  );

export const reviewSchema = z.object({ note: optionalText(textLimits.reviewNote, { multiline: true }) });
