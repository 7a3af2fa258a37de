import { z } from 'zod';
import { isCommonPassword } from '../auth/common-passwords';
import { postedString } from './fields';

export const minPasswordLength = 10;

/** A password being chosen: long enough, not too long for the hash, and not a common one. */
export const newPassword = postedString
  .min(1, 'forms.required')
  .min(minPasswordLength, 'auth.newPassword.tooShort')
  .max(256, 'forms.tooLong')
  .refine((p) => !isCommonPassword(p), 'auth.newPassword.common');

/** `password` + `passwordConfirm` fields that must match; add to a form with `.extend` and `.superRefine`. */
export const passwordPair = { password: newPassword, passwordConfirm: postedString };

export function confirmMatches(value: { password: string; passwordConfirm: string }, ctx: z.RefinementCtx): void {
  if (value.password !== value.passwordConfirm) {
    ctx.addIssue({ code: 'custom', path: ['passwordConfirm'], message: 'auth.newPassword.mismatch' });
  }
}

/** A one-time link's form: the new password, twice. */
export const setPasswordSchema = z.object(passwordPair).superRefine(confirmMatches);
