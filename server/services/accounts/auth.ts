import crypto from 'node:crypto';
import { User, type UserDoc } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { newDeviceCookie, trustedDevice } from '../../auth/device-cookie';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { FormError, TooManyAttemptsError } from '../../errors';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { recordAudit } from '../audit/record';
import { beginAttempt, dropAttempt, forgetFailures, refusalFor, type Refusal } from './login-throttle';
import { clientAddressKey } from '../../lib/client-address';

export function toActor(
  user: Pick<UserDoc, '_id' | 'role' | 'university' | 'name' | 'email' | 'locale'> & {
    trainee?: { category?: string | null } | null;
  },
): Actor {
  return {
    category: user.trainee?.category ?? undefined,
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

export type LoginResult =
  | { ok: true; actor: Actor; /** The new device-cookie value for this browser. */ device: string }
  | { ok: false; reason: 'invalid' | 'deactivated' }
  | ({ ok: false } & Refusal);

export interface LoginRequest {
  email: string;
  password: string;
  ip?: string;
  /** The browser's device-cookie value, its signature already checked. */
  device?: unknown;
}

let unguessableHash: Promise<string> | undefined;
/** Checked when there is no password to check, so that every answer costs one password check. */
function standInHash(): Promise<string> {
  unguessableHash ??= hashPassword(crypto.randomBytes(32).toString('base64url'));
  return unguessableHash;
}

/**
 * Checks an email and password under the throttling rules (login-throttle.ts). An unknown email
 * goes through exactly the same steps as a known one, a password check included, and gets the
 * same answers: failures are counted by the email as typed, so even "locked" says nothing about
 * whether an account exists. A deactivated account says so only to the right password.
 */
export async function authenticate({ email, password, ip, device: deviceValue }: LoginRequest): Promise<LoginResult> {
  const account = email.trim().toLowerCase();
  const user = await User.findOne({ email: account });
  const key = {
    account,
    address: clientAddressKey(ip),
    device: user ? trustedDevice(deviceValue, String(user._id)) : undefined,
  };
  const target = user ? { type: 'User', id: user._id } : undefined;
  const { id, attempts } = await beginAttempt(key);
  const refused = refusalFor(
    key,
    attempts.filter((a) => !a._id.equals(id)),
    clock.now(),
  );
  if (refused) {
    await dropAttempt(id);
    return { ok: false, ...refused };
  }

  const passwordOk = await verifyPassword(user?.passwordHash ?? (await standInHash()), password);
  if (!user || !passwordOk) {
    await recordAudit({
      action: 'auth.login_failed',
      target,
      meta: { email: account, reason: user ? 'password' : 'unknown', trusted: !!key.device },
      ip,
    });
    const next = refusalFor(key, attempts, clock.now());
    if (!next) return { ok: false, reason: 'invalid' };
    await recordAudit({
      action: 'auth.locked',
      target,
      meta: { email: account, reason: next.reason, minutes: Math.ceil(next.waitMs / 60_000) },
      ip,
    });
    return { ok: false, ...next };
  }
  if (!user.active) {
    await dropAttempt(id);
    await recordAudit({ action: 'auth.login_failed', target, meta: { email: account, reason: 'inactive' }, ip });
    return { ok: false, reason: 'deactivated' };
  }

  await forgetFailures(account);
  user.lastLoginAt = new Date(clock.now());
  user.lastActiveDay = seoulDayOf(clock.now());
  await user.save();
  const actor = toActor(user);
  await recordAudit({ actor, action: 'auth.login', target, meta: { trusted: !!key.device }, ip });
  return { ok: true, actor, device: newDeviceCookie(actor.id) };
}

/**
 * Checks a signed-in user's password again, before closing the account or changing the password,
 * under the login's throttling rules and counted with its attempts for the account (as an
 * untrusted browser: a stolen session is not the owner's trusted one). A stolen session so gets
 * no more guesses than the login page gives, and its wrong guesses hold back logins as well.
 * Throws a FormError on `field` for a wrong password, and a TooManyAttemptsError (429, with the
 * wait) once the rules say wait, as the login does from the failure that reaches the limit.
 */
export async function recheckPassword(
  actor: Actor,
  password: string,
  { ip, field }: { ip?: string; field: string },
): Promise<void> {
  const user = await User.findOne({ _id: actor.id, active: true }, { email: 1, passwordHash: 1 }).lean();
  const account = (user?.email ?? actor.email).toLowerCase();
  const key = { account, address: clientAddressKey(ip) };
  const target = { type: 'User', id: actor.id };
  const { id, attempts } = await beginAttempt(key);
  const refused = refusalFor(
    key,
    attempts.filter((a) => !a._id.equals(id)),
    clock.now(),
  );
  const wait = (refusal: Refusal) =>
    new TooManyAttemptsError({ _form: 'profile.password.tooManyAttempts' }, refusal.waitMs / 1000);
  if (refused) {
    await dropAttempt(id);
    throw wait(refused);
  }
  if (user?.passwordHash && (await verifyPassword(user.passwordHash, password))) {
    await dropAttempt(id);
    return;
  }
  await recordAudit({ actor, action: 'auth.recheck_failed', target, meta: { reason: 'password' }, ip });
  const next = refusalFor(key, attempts, clock.now());
  if (!next) throw new FormError({ [field]: 'profile.password.wrongCurrent' });
  await recordAudit({
    actor,
    action: 'auth.locked',
    target,
    meta: { email: account, reason: next.reason, minutes: Math.ceil(next.waitMs / 60_000) },
    ip,
  });
  throw wait(next);
}
