import { z } from 'zod';
import { textLimits } from '../../models/text';
import { traineeCategories } from '../../models/user';
import { checkbox, optionalText } from './fields';

/** The trainee's profile fields, the same on the registration form and the profile page. */
export const traineeProfileFields = {
  category: z.enum(traineeCategories, 'forms.required'),
  affiliation: optionalText(textLimits.affiliation),
  pohangResident: checkbox,
  consent: checkbox,
  followUp: checkbox,
};

/** Options for the category select, in the views' `{value, label}` form. */
export const categoryOptions = traineeCategories.map((value) => ({ value, label: `auth.category.${value}` }));
