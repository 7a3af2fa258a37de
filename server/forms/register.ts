import { z } from 'zod';
import { checkbox, email, personName } from './fields';
import { confirmMatches, passwordPair } from './password';
import { traineeProfileFields } from './trainee-profile';

/** Trainee sign-up: the account, its password and the trainee profile. */
export const registerSchema = z
  .object({
    name: personName,
    email,
    ...passwordPair,
    ...traineeProfileFields,
    // The one consent without which there is no account (개인정보 수집·이용 동의, 필수).
    privacyConsent: checkbox.refine((given) => given, 'auth.privacyConsent.required'),
  })
  .superRefine(confirmMatches);
