import { z } from 'zod';
import { apiScopes, universityOnlyScopes, type ApiScope } from '../../models/api-token';
import { apiTokenMaxDays } from '../services/api-tokens/tokens';
import { optionalText, postedList, requiredText, wholeNumber } from './fields';

const isScope = (v: unknown): v is ApiScope => (apiScopes as readonly unknown[]).includes(v);

/** Which scopes the form offers, each saying whether it needs a university. */
export const scopeOptions = apiScopes.map((value) => ({
  value,
  needsUniversity: universityOnlyScopes.includes(value),
}));

/** A new API token; its output is the service's `ApiTokenInput` (which checks the university and the scopes together). */
export const apiTokenSchema = z.object({
  name: requiredText(100),
  days: wholeNumber(1, apiTokenMaxDays),
  scopes: z.preprocess(
    postedList,
    z
      .custom<ApiScope[]>((v) => Array.isArray(v) && v.every(isScope), 'forms.invalid')
      .refine((v) => v.length > 0, 'apiTokens.errors.noScope'),
  ),
  university: optionalText(40),
});
