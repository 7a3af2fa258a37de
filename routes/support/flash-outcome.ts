import type { Request } from 'express';
import type { Attempt } from './attempt';
import { flash } from '../../server/middleware/flash';

/** After a button action: a success message, or the rule that refused it. */
export function flashOutcome(req: Request, result: Attempt<unknown>, doneKey: string): void {
  if (result.ok) flash(req, 'success', doneKey);
  else flash(req, 'error', Object.values(result.errors)[0] ?? 'errors.badRequest.body', result.params);
}
