import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { verifyPassword } from '../../auth/passwords';
import { FormError } from '../../errors';
import { anonymiseTrainee, hasRunningApplications } from './anonymise';

/** What stops a trainee from closing the account now; nothing when it may be closed. */
async function refuseClosing(actor: Actor): Promise<void> {
  if (await hasRunningApplications(actor.id)) throw new FormError({ _form: 'privacy.close.running' });
}

/** The first step of closing: the password is right and nothing stops it. */
export async function checkClosing(actor: Actor, password: string): Promise<void> {
  const user = await User.findOne({ _id: actor.id, active: true }, { passwordHash: 1 }).lean();
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password)))
    throw new FormError({ password: 'profile.password.wrongCurrent' });
  await refuseClosing(actor);
}

/** The confirmed close: checked again (an application may have been made in between), then anonymised. */
export async function closeAccount(actor: Actor, ip?: string): Promise<void> {
  await refuseClosing(actor);
  await anonymiseTrainee(actor.id, { reason: 'closed', actor, ip });
}
