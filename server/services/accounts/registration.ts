import { PendingRegistration } from '../../../models/pending-registration';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { hashPassword } from '../../auth/passwords';
import { FormError, TooManyAttemptsError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { digestToken, looksLikeToken, newToken } from '../../lib/one-time-token';
import type { Limiter } from '../limits/rate-limit';
import { recordAudit } from '../audit/record';
import { toActor } from './auth';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { consentAfter, followUpConsentVersion, privacyConsentVersion, recordAfter } from './consent';
import type { TraineeProfileInput } from './profile';
import { queueMail, recipientOf } from '../notifications/mail/outbox';

export const activationLinkHours = 24;

/** A sign-up: the account, and the trainee profile the profile page edits later. */
export interface RegistrationInput extends TraineeProfileInput {
  name: string;
  email: string;
  password: string;
  locale: 'ko' | 'en';
  /** Where the sign-up started (a course page), to return to after activation. */
  returnTo?: string;
}

const loginPath = (returnTo?: string) => (returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login');

/**
 * A trainee sign-up. The caller shows the same "check your email" answer whatever happens
 * here, so the page never tells whether the address has an account: a new address gets an
 * activation link, and the owner of an existing account is told by mail that someone tried.
 * The password is hashed in both cases, so both take about as long. `perAddress` bounds the
 * mail one address can be sent this way; past it a TooManyAttemptsError says so, with the wait
 * (the same for a registered address and a new one, so it tells nothing either), rather than a
 * "check your email" page for mail that was never sent.
 */
export async function requestRegistration(
  input: RegistrationInput,
  { ip, perAddress }: { ip?: string; perAddress: Limiter },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const budget = await perAddress.take(email);
  if (!budget.allowed) {
    await recordAudit({ action: 'user.register_throttled', meta: { email }, ip });
    throw new TooManyAttemptsError({ _form: 'auth.register.throttledEmail' }, budget.retryAfterSeconds);
  }
  const existing = await User.findOne({ email }, { email: 1, name: 1, locale: 1, active: 1 }).lean();
  if (existing) {
    if (existing.active)
      await queueMail({ to: recipientOf(existing), kind: 'registrationAttempt', link: loginPath(input.returnTo) });
    await recordAudit({
      action: 'user.register_existing',
      target: { type: 'User', id: existing._id },
      meta: { email },
      ip,
    });
    return;
  }
  const { token, tokenHash } = newToken();
  await PendingRegistration.create({
    tokenHash,
    email,
    name: input.name,
    passwordHash,
    locale: input.locale,
    trainee: {
      category: input.category,
      affiliation: input.affiliation,
      pohangResident: input.pohangResident,
      consent: input.consent,
      followUp: input.followUp,
    },
    privacyConsentVersion,
    returnTo: input.returnTo,
    expiresAt: new Date(Date.now() + activationLinkHours * 3600_000),
  });
  await queueMail({
    to: { email, name: input.name, locale: input.locale },
    kind: 'activate',
    params: { hours: activationLinkHours },
    link: `/register/activate/${token}`,
  });
  await recordAudit({ action: 'user.register_requested', meta: { email, category: input.category }, ip });
}

/** The sign-up a still-valid activation link is for, or undefined for an unknown, used or expired one. */
export async function findPendingRegistration(token: string) {
  if (!looksLikeToken(token)) return undefined;
  const found = await PendingRegistration.findOne({
    tokenHash: digestToken(token),
    expiresAt: { $gt: new Date() },
  }).lean();
  return found ? { email: found.email, name: found.name } : undefined;
}

/**
 * Opens the account of an activation link. The link is claimed by deleting its sign-up (a
 * delete succeeds once); the unique email index decides between two sign-ups for one address.
 */
export async function activateRegistration(token: string, ip?: string): Promise<{ actor: Actor; returnTo?: string }> {
  const invalid = new FormError({ _form: 'auth.activate.invalid' });
  if (!looksLikeToken(token)) throw invalid;
  const pending = await PendingRegistration.findOne({
    tokenHash: digestToken(token),
    expiresAt: { $gt: new Date() },
  }).lean();
  if (!pending || (await PendingRegistration.deleteOne({ _id: pending._id })).deletedCount !== 1) throw invalid;
  const { category, affiliation, pohangResident, consent, followUp } = pending.trainee ?? {};
  let user;
  try {
    user = await User.create({
      email: pending.email,
      passwordHash: pending.passwordHash,
      passwordChangedAt: pending.createdAt,
      name: pending.name,
      role: 'trainee',
      locale: pending.locale,
      trainee: {
        category,
        affiliation,
        pohangResident,
        ...consentAfter(undefined, !!consent, pending.createdAt),
        followUp: recordAfter(undefined, !!followUp, followUpConsentVersion, pending.createdAt),
      },
      privacyConsent: { version: pending.privacyConsentVersion, at: pending.createdAt },
      lastActiveDay: seoulDayOf(clock.now()),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new FormError({ _form: 'auth.activate.taken' });
    throw err;
  }
  // Other sign-ups with this address can no longer open an account.
  await PendingRegistration.deleteMany({ email: pending.email });
  const actor = toActor(user);
  await recordAudit({
    actor,
    action: 'user.register',
    target: { type: 'User', id: user._id },
    after: {
      email: pending.email,
      category,
      pohangResident,
      consent: !!consent,
      followUp: !!followUp,
      privacyConsentVersion: pending.privacyConsentVersion,
    },
    ip,
  });
  return { actor, returnTo: pending.returnTo ?? undefined };
}
