import { User, type UserDoc } from '../../models/user';
import type { Actor } from '../auth/actor';
import { verifyPassword } from '../auth/passwords';
import { recordAudit } from './audit';

/** Failed logins in a row that lock an account, and for how long. */
export const lockPolicy = { maxFailures: 5, lockMinutes: 15 };

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

export type LoginResult = { ok: true; actor: Actor } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'locked'; until: Date };

/**
 * Checks an email and password. A wrong password and an unknown email get the same
 * answer; a locked account says so, until when, without checking the password.
 * The failure counter is read-then-written (the engine has no atomic $inc): two
 * failures at the same instant may count once, which only delays the lock by one try.
 */
export async function authenticate(email: string, password: string, ip?: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const user = await User.findOne({ email: normalized });
  if (!user || !user.active || !user.passwordHash) {
    await recordAudit({ action: 'auth.login_failed', meta: { email: normalized, reason: user ? 'inactive' : 'unknown' }, ip });
    return { ok: false, reason: 'invalid' };
  }
  const target = { type: 'User', id: user._id };
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit({ action: 'auth.login_failed', target, meta: { email: normalized, reason: 'locked' }, ip });
    return { ok: false, reason: 'locked', until: user.lockedUntil };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = (user.failedLogins ?? 0) + 1;
    const lock = failures >= lockPolicy.maxFailures;
    user.failedLogins = lock ? 0 : failures;
    if (lock) user.lockedUntil = new Date(now.getTime() + lockPolicy.lockMinutes * 60_000);
    await user.save();
    await recordAudit({ action: 'auth.login_failed', target, meta: { email: normalized, reason: 'password', failures }, ip });
    if (!lock) return { ok: false, reason: 'invalid' };
    await recordAudit({ action: 'auth.locked', target, meta: { email: normalized, until: user.lockedUntil }, ip });
    return { ok: false, reason: 'locked', until: user.lockedUntil! };
  }
  user.failedLogins = 0;
  user.lockedUntil = undefined;
  user.lastLoginAt = now;
  await user.save();
  const actor = toActor(user);
  await recordAudit({ actor, action: 'auth.login', target, ip });
  return { ok: true, actor };
}
