import { FormError } from '../errors';

/**
 * Runs a service call and hands back its FormError as field errors, so a handler can
 * re-render the form with 422; any other error propagates to the error handler.
 *
 *   const result = await formResult(saveAttendance(actor, id, input));
 *   if (!result.ok) return res.status(422).render('attendance/grid', { errors: result.errors, ... });
 */
export async function formResult<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  try {
    return { ok: true, value: await promise };
  } catch (err) {
    if (err instanceof FormError) return { ok: false, errors: err.errors };
    throw err;
  }
}
