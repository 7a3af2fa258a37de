import { z } from 'zod';
import { staffRoles } from '../services/accounts/staff';
import { email, optionalText, requiredText } from './fields';

/** A new staff account; its output is the service's `StaffInput`. */
export const staffSchema = z.object({
  name: requiredText(100),
  email,
  role: z.enum(staffRoles, 'forms.required'),
  university: optionalText(40),
});
