import { z } from 'zod';
import { textLimits } from '../../models/text';
import { requiredText } from './fields';

/** A reason an irreversible action must give, told to the people it concerns (a revocation, a cancellation). */
export const requiredReasonSchema = z.object({ reason: requiredText(textLimits.decisionReason, { multiline: true }) });
