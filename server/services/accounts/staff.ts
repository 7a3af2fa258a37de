import { isValidObjectId } from 'mongoose';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { canManageAccount } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { recordAudit } from '../audit/record';
import { queueMail, recipientOf } from '../notifications/mail/outbox';
import { issuePasswordToken, passwordLinkPath, setPasswordLinkHours } from './password-tokens';
import { endSessionsOf } from './sessions';
import { userChanged } from '../../auth/signin-memory';
import { revokeTokensOf } from '../api-tokens/tokens';

export const staffRoles = ['university_staff', 'city_staff'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** The roles this actor may give a new account. */
export function creatableRoles(actor: Actor): StaffRole[] {
  return staffRoles.filter((role) => canManageAccount(actor, role));
}

export interface StaffInput {
  name: string;
  email: string;
  role: StaffRole;
  /** Required for university staff, ignored for city staff. */
  university?: string;
}

const listedRoles = ['admin', 'city_staff', 'university_staff'] as const;

/** Every staff account with its university, by role, newest first, and whether the actor may manage it. One equality per role: trainees are never read. */
export async function listStaffAccounts(actor: Actor) {
  const byRole = await Promise.all(
    listedRoles.map((role) => User.find({ role }).sort({ createdAt: -1 }).populate('university', 'code name').lean()),
  );
  const users = byRole.flat();
  // The hash only tells whether a password was set; it never reaches the view.
  return users.map(({ passwordHash, ...u }) => ({
    ...u,
    id: String(u._id),
    roleKey: `staff.role.${u.role}`,
    pending: !passwordHash,
    manageable: canManageAccount(actor, u.role) && String(u._id) !== actor.id,
  }));
}

/**
 * Creates a staff account without a password and a one-time link to set one; the link
 * is mailed to the new user, and its path returned for the city user to pass on.
 */
export async function createStaffAccount(
  actor: Actor,
  input: StaffInput,
): Promise<{ userId: string; linkPath: string; expiresAt: Date }> {
  if (!canManageAccount(actor, input.role)) throw new FormError({ role: 'staff.errors.outranked' });
  const email = input.email.trim().toLowerCase();
  const universityId = input.university && isValidObjectId(input.university) ? input.university : undefined;
  const university =
    input.role === 'university_staff' && universityId
      ? await University.findOne({ _id: universityId, active: true }).lean()
      : null;
  if (input.role === 'university_staff' && !university) throw new FormError({ university: 'forms.required' });
  if (await User.exists({ email })) throw new FormError({ email: 'auth.register.emailTaken' });
  const user = await User.create({
    email,
    name: input.name,
    role: input.role,
    university: university?._id,
    locale: 'ko',
  }).catch((err: unknown) => {
    if (isDuplicateKey(err)) throw new FormError({ email: 'auth.register.emailTaken' });
    throw err;
  });
  const { token, expiresAt } = await issuePasswordToken(String(user._id), actor.id);
  const linkPath = passwordLinkPath.set(token);
  await queueMail({
    to: recipientOf(user),
    kind: 'accountCreated',
    params: { name: user.name, hours: setPasswordLinkHours },
    link: linkPath,
  });
  await recordAudit({
    actor,
    action: 'user.staff_create',
    target: { type: 'User', id: user._id },
    university: university?._id,
    after: { email, name: user.name, role: user.role },
  });
  return { userId: String(user._id), linkPath, expiresAt };
}

/**
 * Activates or deactivates a staff account of a lower rank than the actor's (policy.ts); nobody
 * switches their own account. A deactivated user's sessions end at once.
 */
export async function setStaffActive(actor: Actor, userId: string, active: boolean): Promise<void> {
  if (userId === actor.id) throw new FormError({ _form: 'staff.errors.self' });
  if (!isValidObjectId(userId)) throw new NotFoundError();
  const user = await User.findById(userId);
  if (!user || !(listedRoles as readonly string[]).includes(user.role)) throw new NotFoundError();
  if (!canManageAccount(actor, user.role)) throw new FormError({ _form: 'staff.errors.outranked' });
  if (user.active === active) return;
  user.active = active;
  await user.save();
  if (active) await userChanged(userId);
  else await Promise.all([endSessionsOf(userId), revokeTokensOf(actor, userId)]);
  await recordAudit({
    actor,
    action: active ? 'user.activate' : 'user.deactivate',
    target: { type: 'User', id: user._id },
    university: user.university ?? undefined,
    before: { active: !active },
    after: { active },
  });
}
