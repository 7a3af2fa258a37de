import { User, type TraineeCategory } from '../../models/user';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { FormError } from '../errors';
import { isDuplicateKey } from '../lib/duplicate-key';
import { recordAudit } from './audit';
import { toActor } from './auth';
import { consentAfter } from './consent';

export interface RegistrationInput {
  name: string;
  email: string;
  password: string;
  category: TraineeCategory;
  affiliation: string;
  pohangResident: boolean;
  consent: boolean;
  locale: 'ko' | 'en';
}

const emailTaken = () => new FormError({ email: 'auth.register.emailTaken' });

/** Creates a trainee account. The email is unique case-insensitively (stored lower-cased, unique index). */
export async function registerTrainee(input: RegistrationInput, ip?: string): Promise<Actor> {
  const email = input.email.trim().toLowerCase();
  if (await User.exists({ email })) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  let user;
  try {
    user = await User.create({
      email,
      passwordHash,
      passwordChangedAt: new Date(),
      name: input.name,
      role: 'trainee',
      locale: input.locale,
      trainee: {
        category: input.category,
        affiliation: input.affiliation,
        pohangResident: input.pohangResident,
        ...consentAfter(undefined, input.consent),
      },
    });
  } catch (err) {
    // Two sign-ups with one address at the same time: the unique index lets one through.
    if (isDuplicateKey(err)) throw emailTaken();
    throw err;
  }
  const actor = toActor(user);
  await recordAudit({
    actor,
    action: 'user.register',
    target: { type: 'User', id: user._id },
    after: { email, category: input.category, pohangResident: input.pohangResident, consent: input.consent },
    ip,
  });
  return actor;
}
