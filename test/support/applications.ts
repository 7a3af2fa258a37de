import assert from 'node:assert/strict';
import { FormError } from '../../server/errors';
import { toActor } from '../../server/services/accounts/auth';
import { make } from './factories';

export const hour = 3600 * 1000;

/** A new trainee, as the services see them signed in. */
export async function traineeActor(spec: Parameters<typeof make.trainee>[0] = {}) {
  return toActor(await make.trainee(spec));
}

/** The message key a refused service call gave: fails unless it was refused with a FormError. */
export async function refusal(work: Promise<unknown>): Promise<string> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof FormError, `expected a FormError, got ${String(err)}`);
  return Object.values(err.errors)[0]!;
}
