import { z } from 'zod';
import { email } from './fields';

/** Signing in: the password is only checked for presence here; the account decides the rest. */
export const loginSchema = z.object({
  email,
  password: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'),
});

/** "Forgot password": the address to mail a reset link to. */
export const forgotPasswordSchema = z.object({ email });
