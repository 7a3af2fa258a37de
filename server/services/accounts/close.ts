import type { Actor } from '../../auth/actor';
import { FormError } from '../../errors';
import { anonymiseTrainee, hasRunningApplications } from './anonymise';
import { recheckPassword } from './auth';

/** What stops a trainee from closing the account now; nothing when it may be closed. */
async function refuseClosing(actor: Actor): Promise<void> {
  if (await hasRunningApplications(actor.id)) throw new FormError({ _form: 'privacy.close.running' });
}

/** The first step of closing: the password is right (checked under the login's limits) and nothing stops it. */
export async function checkClosing(actor: Actor, password: string, ip?: string): Promise<void> {
  await recheckPassword(actor, password, { ip, field: 'password' });
  await refuseClosing(actor);
}

/** The confirmed close: checked again (an application may have been made in between), then anonymised. */
export async function closeAccount(actor: Actor, ip?: string): Promise<void> {
  await refuseClosing(actor);
  await anonymiseTrainee(actor.id, { reason: 'closed', actor, ip });
}
