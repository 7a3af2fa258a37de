import { FormError, TooManyAttemptsError } from '../../server/errors';

export type Attempt<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      errors: Record<string, string>;
      params?: Record<string, string>;
      /** The status to answer with: 422, or 429 after too many attempts (then `retryAfterSeconds` too). */
      status?: number;
      retryAfterSeconds?: number;
    };

/**
 * Marks errors that refuse the whole action for a reason other than what was typed (a service's
 * `_form` rule alone: a clash, a closed window, a state that changed). The error summary then
 * does not say "check what you entered" (views/partials/form-errors.hbs).
 */
export const refusedKey = '_refused';

/** Whether a service's errors refuse the action as a whole rather than any field of the input. */
export function isRefusal(errors: Record<string, string>): boolean {
  const keys = Object.keys(errors);
  return keys.length === 1 && keys[0] === '_form';
}

/** Runs a service call and turns a FormError (a rule the user can act on) into field errors; anything else propagates. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof FormError)
      return {
        ok: false,
        errors: isRefusal(err.errors) ? { ...err.errors, [refusedKey]: 'true' } : err.errors,
        params: err.params,
        status: err.status,
        ...(err instanceof TooManyAttemptsError && { retryAfterSeconds: err.retryAfterSeconds }),
      };
    throw err;
  }
}
