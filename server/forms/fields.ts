import { z } from 'zod';

/** Building blocks for form schemas: trimmed text with a length limit, checkboxes, numbers typed as text. */
export const text = (max: number) => z.string('forms.required').trim().max(max, 'forms.tooLong');
export const requiredText = (max: number) => text(max).min(1, 'forms.required');
export const optionalText = (max: number) => z.preprocess((v) => v ?? '', text(max));
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean());
export const email = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.string('forms.required').min(1, 'forms.required').max(254, 'forms.tooLong').pipe(z.email('forms.email')),
);
