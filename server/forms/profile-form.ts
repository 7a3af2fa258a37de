import { z } from 'zod';
import { personName } from './fields';
import { confirmMatches, passwordPair } from './password';
import { traineeProfileFields } from './trainee-profile';

const localeField = z.enum(['ko', 'en'], 'forms.required');

/** Name and language, which every user may change; its output is the service's `ProfileInput`. */
export const profileSchema = z.object({ name: personName, locale: localeField });

/** A trainee's profile page adds the trainee fields, which the service takes apart as `trainee`. */
export const traineeProfileSchema = profileSchema
  .extend(traineeProfileFields)
  .transform(({ name, locale, ...trainee }) => ({ name, locale, trainee }));

/** Changing one's own password: the current one, and the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string('forms.required').min(1, 'forms.required').max(1024, 'forms.tooLong'),
    ...passwordPair,
  })
  .superRefine(confirmMatches);
