import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/**
 * A message with values, as one string that can stand wherever a message key does (field
 * errors, FormError, flash): i18next's nesting, resolved when the page is rendered.
 * Values are numbers or text the caller has checked to hold no `"`, `(` or `)`.
 */
export function messageWith(key: string, params: Record<string, string | number>): string {
  return `$t(${key}, ${JSON.stringify(params)})`;
}

const messagePattern = /^([a-z]\w*(\.\w+)+|\$t\([a-z]\w*(\.\w+)+, \{.*\}\))$/i;

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
  // The page the form was on (server/middleware/language-switch.ts), not a value the user typed.
  delete values._page;
  delete values.password;
  delete values.passwordConfirm;
  delete values.currentPassword;
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '_form';
    errors[field] ??= messagePattern.test(issue.message) ? issue.message : 'forms.invalid';
  }
  return { ok: false, errors, values };
}
