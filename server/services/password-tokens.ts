import crypto from 'node:crypto';
import { PasswordToken } from '../../models/password-token';
import { User } from '../../models/user';
import { hashPassword } from '../auth/passwords';
import { FormError } from '../errors';
import { recordAudit } from './audit';
import { toActor } from './auth';
import { endSessionsOf } from './sessions';

export const setPasswordLinkHours = 72;

function digest(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Makes a set-password link token for a user; only its hash is stored. Returns the token itself. */
export async function issuePasswordToken(userId: string, createdBy?: string): Promise<{ token: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + setPasswordLinkHours * 3600_000);
  await PasswordToken.create({ tokenHash: digest(token), user: userId, createdBy, expiresAt });
  return { token, expiresAt };
}

/** The account a still-valid token is for, or undefined for an unknown, used or expired one. */
export async function findPasswordToken(token: string) {
  if (!/^[\w-]{20,100}$/.test(token)) return undefined;
  const found = await PasswordToken.findOne({ tokenHash: digest(token), expiresAt: { $gt: new Date() } }).lean();
  if (!found) return undefined;
  const user = await User.findOne({ _id: found.user, active: true }, { name: 1, email: 1 }).lean();
  return user ? { id: String(user._id), name: user.name, email: user.email } : undefined;
}

/**
 * Sets the password through a one-time link. The token is claimed by deleting it:
 * of two requests using one link, only the one whose delete removed it goes on.
 */
export async function setPasswordWithToken(token: string, password: string, ip?: string): Promise<void> {
  const found = await findPasswordToken(token);
  if (!found) throw new FormError({ _form: 'auth.setPassword.invalid' });
  const claimed = await PasswordToken.deleteOne({ tokenHash: digest(token) });
  if (claimed.deletedCount !== 1) throw new FormError({ _form: 'auth.setPassword.invalid' });
  await User.updateOne(
    { _id: found.id },
    { $set: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } },
  );
  await endSessionsOf(found.id);
  const user = await User.findById(found.id).lean();
  await recordAudit({ actor: user && toActor(user), action: 'user.password_set', target: { type: 'User', id: found.id }, meta: { via: 'link' }, ip });
}
