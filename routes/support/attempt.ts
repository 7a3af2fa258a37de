import { FormError } from '../../server/errors';
import type { FieldErrors } from '../../server/forms/parse';

export type Attempt<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Runs a service call; a FormError (a rule the user can fix) becomes field errors for
 * the 422 re-render, anything else propagates to the error handler.
 */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof FormError) return { ok: false, errors: err.errors };
    throw err;
  }
}
