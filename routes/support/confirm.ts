import type { Request, Response } from 'express';

/**
 * A confirm page for an action that cannot be undone. The first POST of such an action renders it
 * (nothing written): what will happen, then a form that posts the same fields again with
 * `confirm=yes`, which performs it. It works without JavaScript; `data-confirm` dialogs are extra.
 */
export interface Confirmation {
  /** i18n key of the page title and heading. */
  title: string;
  /** Sentences saying what will happen, as i18n keys with their values. */
  effects: { key: string; params?: Record<string, unknown> }[];
  /** The records the action touches (names), listed under the sentences. */
  items?: string[];
  action: string;
  /** Fields posted again as they came. */
  fields: [string, string][];
  /** An editable reason, posted as `reason`: its label, and whether it is required. */
  reason?: { label: string; hint?: string; required?: boolean };
  /** i18n key of the button that performs the action. */
  button: string;
  /** Where "go back" leads, nothing done. */
  back: string;
}

export function isConfirmed(req: Request): boolean {
  return (req.body as Record<string, unknown> | undefined)?.confirm === 'yes';
}

/** A form's posted values as the name/value pairs a browser sends (`ids`, `decision[id]`), to post again. */
export function postedFields(values: Record<string, unknown>, leaveOut: readonly string[] = []): [string, string][] {
  return Object.entries(values).flatMap(([name, value]): [string, string][] => {
    if (leaveOut.includes(name) || name === 'confirm') return [];
    if (Array.isArray(value)) return value.map((v): [string, string] => [name, String(v)]);
    if (value !== null && typeof value === 'object')
      return Object.entries(value).map(([key, v]): [string, string] => [`${name}[${key}]`, String(v)]);
    return [[name, String(value)]];
  });
}

/** Renders the confirm page; `errors` (a refused reason) make it a 422 with the typed values kept. */
export function renderConfirm(
  res: Response,
  page: Confirmation,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
): void {
  res.status(form.errors ? 422 : 200).render('confirm', {
    ...page,
    title: res.locals.t(page.title),
    heading: page.title,
    values: form.values,
    errors: form.errors,
  });
}
