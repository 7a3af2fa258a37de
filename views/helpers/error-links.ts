// {{#each (errorLinks errors)}}: the error summary's links, one per refused field, each to the field's id: `f-` and
// the error's key with dots as dashes (`email` → #f-email, `sessions.2.date` → #f-sessions-2-date). The form's own
// message (`_form`) is not a field and is shown apart; no key starting with `_` is a field (`_refused`, routes/support/attempt.ts).
export function errorLinks(errors: unknown): { href: string; message: string }[] {
  if (typeof errors !== 'object' || errors === null) return [];
  return Object.entries(errors as Record<string, unknown>)
    .filter(([key, message]) => !key.startsWith('_') && typeof message === 'string' && message)
    .map(([key, message]) => ({ href: `#f-${key.replace(/\./g, '-')}`, message: message as string }));
}
