import { z } from 'zod';

/** Closing one's account starts with the current password. */
export const closeAccountSchema = z.object({
  password: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'),
});
