import { FormError, TooManyAttemptsError } from '../errors';

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

/** Runs a service call and turns a FormError (a rule the user can act on) into field errors; anything else propagates. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    if (err instanceof FormError)
      return {
        ok: false,
        errors: err.errors,
        params: err.params,
        status: err.status,
        ...(err instanceof TooManyAttemptsError && { retryAfterSeconds: err.retryAfterSeconds }),
      };
    throw err;
  }
}
