import { PasswordToken, type PasswordTokenPurpose } from '../../../models/password-token';
import { User } from '../../../models/user';
import { hashPassword } from '../../auth/passwords';
import { FormError } from '../../errors';
import { digestToken, looksLikeToken, newToken } from '../../lib/one-time-token';
import { recordAudit } from '../audit/record';
import { toActor } from './auth';
import { forgetFailures } from './login-throttle';
import { endSessionsOf } from './sessions';

/** The kinds of one-time password link, each with a page of its own. */
export { passwordTokenPurposes, type PasswordTokenPurpose } from '../../../models/password-token';

export const setPasswordLinkHours = 72;
export const resetLinkMinutes = 30;

const lifetimeMs: Record<PasswordTokenPurpose, number> = {
  set: setPasswordLinkHours * 3600_000,
  reset: resetLinkMinutes * 60_000,
};

/** The page a token of each purpose opens. */
export const passwordLinkPath: Record<PasswordTokenPurpose, (token: string) => string> = {
  set: (token) => `/account/set-password/${token}`,
  reset: (token) => `/password/reset/${token}`,
};

/** Makes a one-time password link token for a user; only its hash is stored. Returns the token itself. */
export async function issuePasswordToken(
  userId: string,
  createdBy?: string,
  purpose: PasswordTokenPurpose = 'set',
): Promise<{ token: string; expiresAt: Date }> {
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(Date.now() + lifetimeMs[purpose]);
  await PasswordToken.create({ tokenHash, user: userId, purpose, createdBy, expiresAt });
  return { token, expiresAt };
}

/** The account a still-valid token of this purpose is for, or undefined for an unknown, used or expired one. */
export async function findPasswordToken(token: string, purpose: PasswordTokenPurpose = 'set') {
  if (!looksLikeToken(token)) return undefined;
  const found = await PasswordToken.findOne({ tokenHash: digestToken(token), expiresAt: { $gt: new Date() } }).lean();
  if (!found || (found.purpose ?? 'set') !== purpose) return undefined;
  const user = await User.findOne({ _id: found.user, active: true }, { name: 1, email: 1 }).lean();
  return user ? { id: String(user._id), name: user.name, email: user.email } : undefined;
}

/**
 * Sets the password through a one-time link. The token is claimed by deleting it:
 * of two requests using one link, only the one whose delete removed it goes on.
 * Every session of the account ends except `keepSessionId` (the request's own), and
 * the account's other password links stop working, and its failed logins are forgotten.
 */
export async function setPasswordWithToken(
  token: string,
  password: string,
  { purpose = 'set', ip, keepSessionId }: { purpose?: PasswordTokenPurpose; ip?: string; keepSessionId?: string } = {},
): Promise<void> {
  const found = await findPasswordToken(token, purpose);
  if (!found) throw new FormError({ _form: 'auth.setPassword.invalid' });
  const claimed = await PasswordToken.deleteOne({ tokenHash: digestToken(token) });
  if (claimed.deletedCount !== 1) throw new FormError({ _form: 'auth.setPassword.invalid' });
  await User.updateOne(
    { _id: found.id },
    { $set: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } },
  );
  await endSessionsOf(found.id, keepSessionId);
  await PasswordToken.deleteMany({ user: found.id });
  // Guesses at the old password say nothing about the new one, which the owner just proved they hold.
  await forgetFailures(found.email);
  const user = await User.findById(found.id).lean();
  await recordAudit({
    actor: user && toActor(user),
    action: purpose === 'reset' ? 'user.password_reset' : 'user.password_set',
    target: { type: 'User', id: found.id },
    meta: { via: 'link' },
    ip,
  });
}
