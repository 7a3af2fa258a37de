import { z } from 'zod';
import { email, personName } from './fields';
import { confirmMatches, passwordPair } from './password';
import { traineeProfileFields } from './trainee-profile';

/** Trainee sign-up: the account, its password and the trainee profile. */
export const registerSchema = z
  .object({ name: personName, email, ...passwordPair, ...traineeProfileFields })
  .superRefine(confirmMatches);
