import { z } from 'zod';
import { textLimits } from '../../models/text';
import type { Override } from '../services/completion/completion-decide';
import { text } from './fields';
import { requiredReasonSchema } from './reason';

const byId = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^[a-f0-9]{24}$/), value).default({});

/** decision[e] = rule | completed | not_completed; reason[e] explains a decision that differs from the rule. */
export const completionSchema = z
  .object({
    decision: byId(z.enum(['rule', 'completed', 'not_completed'], 'forms.invalid')),
    reason: byId(text(textLimits.decisionReason)),
  })
  .transform((f) => {
    const overrides: Record<string, Override> = {};
    for (const [id, d] of Object.entries(f.decision))
      if (d !== 'rule') overrides[id] = { outcome: d, reason: f.reason[id] ?? '' };
    return overrides;
  });

export const revokeSchema = requiredReasonSchema;
