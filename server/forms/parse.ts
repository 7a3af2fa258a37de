import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type ParseResult<T> =
  | { ok: true; data: T; values: Record<string, unknown> }
  | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Validates a posted form. Schemas give i18n keys as their messages
 * (`z.string().min(1, 'forms.required')`), so each bad field gets one message
 * in the reader's language. `values` is what the user typed, to re-render the form with.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): ParseResult<z.infer<S>> {
  const values = typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
  delete values._csrf;
  delete values.password;
  delete values.passwordConfirm;
  delete values.currentPassword;
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '_form';
    errors[field] ??= /^[a-z]\w*(\.\w+)+$/i.test(issue.message) ? issue.message : 'forms.invalid';
  }
  return { ok: false, errors, values };
}
