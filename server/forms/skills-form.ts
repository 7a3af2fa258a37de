import { z } from 'zod';
import { skillSources, type SkillDoc } from '../../models/skill';
import { textLimits } from '../../models/text';
import type { SkillInput } from '../services/courses/skills';
import { bilingualFields, checkbox, optionalText, requiredText, wholeNumber } from './fields';
import { flatten, unflatten } from '../lib/bilingual';

const skillFields = {
  ...bilingualFields('name', requiredText(textLimits.skillName)),
  ...bilingualFields('description', optionalText(textLimits.skillDescription, { multiline: true })),
  sourceKind: z.enum(skillSources, 'forms.required'),
  sourceReference: optionalText(textLimits.skillSource),
  sourceVerified: checkbox,
  order: wholeNumber(0, 9999),
};

/** Editing a skill: its code stays. */
export const skillSchema = z.object(skillFields);
/** Adding one: the code too, letters, digits and hyphens. */
export const newSkillSchema = z.object({
  code: requiredText(textLimits.skillCode).regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'skills.errors.code'),
  ...skillFields,
});

export function toSkillInput(form: z.infer<typeof skillSchema>): SkillInput {
  return {
    name: unflatten('name', form),
    description: unflatten('description', form),
    source: { kind: form.sourceKind, reference: form.sourceReference, verified: form.sourceVerified },
    order: form.order,
  };
}

/** A stored skill as the form's values. */
export function skillToValues(skill: SkillDoc): Record<string, unknown> {
  return {
    code: skill.code,
    ...flatten('name', skill.name),
    ...flatten('description', skill.description),
    sourceKind: skill.source.kind,
    sourceReference: skill.source.reference ?? '',
    sourceVerified: skill.source.verified,
    order: String(skill.order),
  };
}

export const sourceOptions = skillSources.map((value) => ({ value, label: `skills.source.${value}` }));
