import { User, type UserDoc } from '../../models/user';
import type { Actor } from '../auth/actor';
import { verifyPassword } from '../auth/passwords';

export function toActor(user: Pick<UserDoc, '_id' | 'role' | 'university' | 'name' | 'email' | 'locale'>): Actor {
  return {
    id: String(user._id),
    role: user.role,
    universityId: user.university ? String(user.university) : undefined,
    name: user.name,
    email: user.email,
    locale: user.locale === 'en' ? 'en' : 'ko',
  };
}

/** The actor for a session's user id, or undefined when the account is gone or deactivated. */
export async function findActor(id: string): Promise<Actor | undefined> {
  const user = await User.findOne({ _id: id, active: true }).lean();
  return user ? toActor(user) : undefined;
}

export type LoginResult = { ok: true; actor: Actor } | { ok: false; reason: 'invalid' };

/** Checks an email and password. The answer never tells which of the two was wrong. */
export async function authenticate(email: string, password: string): Promise<LoginResult> {
  const user = await User.findOne({ email: email.trim().toLowerCase() });
  if (!user || !user.active || !user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    return { ok: false, reason: 'invalid' };
  }
  user.lastLoginAt = new Date();
  await user.save();
  return { ok: true, actor: toActor(user) };
}
