import { attempt } from './attempt';
import type { FieldErrors, ParseResult } from '../../server/forms/parse';

/** What a submitted form came to; `values` (what the user typed) either way, to re-render the form with. */
export type Submitted<D, T> =
  | { ok: true; value: T; data: D; values: Record<string, unknown> }
  | {
      ok: false;
      errors: FieldErrors;
      params?: Record<string, string>;
      /** Set when the service refused: 422, or 429 after too many attempts (with `retryAfterSeconds`). */
      status?: number;
      retryAfterSeconds?: number;
      values: Record<string, unknown>;
    };

/**
 * A posted form's whole round: when it parsed, runs the service call with its data and turns a
 * FormError into field errors (`attempt`). The handler then has one failure to answer, with
 * the errors from whichever step refused:
 *
 *     const result = await submitForm(parseForm(schema, req.body), (data) => save(req.user!, data));
 *     if (!result.ok) return res.status(422).render(view, { values: result.values, errors: result.errors });
 */
export async function submitForm<D, T>(form: ParseResult<D>, work: (data: D) => Promise<T>): Promise<Submitted<D, T>> {
  if (!form.ok) return form;
  const done = await attempt(() => work(form.data));
  return done.ok ? { ...done, data: form.data, values: form.values } : { ...done, values: form.values };
}
