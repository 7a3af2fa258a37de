import { User, type TraineeCategory, type UserDoc } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { hashPassword } from '../../auth/passwords';
import { NotFoundError } from '../../errors';
import { recordAudit } from '../audit/record';
import { recheckPassword, toActor } from './auth';
import { consentAfter, followUpConsentVersion, recordAfter } from './consent';
import { writeAnnounced, traineeFields, type TraineeField } from '../copies/changes';
import { endSessionsOf } from './sessions';
import { userChanged } from '../../auth/signin-memory';

export interface TraineeProfileInput {
  category: TraineeCategory;
  affiliation: string;
  pohangResident: boolean;
  consent: boolean;
  followUp: boolean;
}

export interface ProfileInput {
  name: string;
  locale: 'ko' | 'en';
  /** Only read for trainees. */
  trainee?: TraineeProfileInput;
}

async function loadUser(actor: Actor) {
  const user = await User.findOne({ _id: actor.id, active: true });
  if (!user) throw new NotFoundError();
  return user;
}

/** What the profile page shows: the editable fields as form values, and the consent record. */
export async function getProfile(actor: Actor) {
  const user = await loadUser(actor);
  const t = user.trainee;
  return {
    values: {
      name: user.name,
      locale: user.locale,
      ...(t
        ? {
            category: t.category,
            affiliation: t.affiliation,
            pohangResident: t.pohangResident,
            consent: t.namedReportingConsent,
            followUp: !!t.followUp?.given,
          }
        : {}),
    },
    email: user.email,
    consent: t
      ? {
          at: t.namedReportingConsentAt,
          version: t.namedReportingConsentVersion,
          withdrawnAt: t.namedReportingConsentWithdrawnAt,
        }
      : undefined,
    followUp: user.toObject().trainee?.followUp,
  };
}

/** The profile fields that copies show (copies/changes.ts), as they stand. */
function shownFields(user: Pick<UserDoc, 'name' | 'email' | 'trainee'>): Record<TraineeField, unknown> {
  const t = user.trainee;
  return {
    name: user.name,
    email: user.email,
    category: t?.category,
    affiliation: t?.affiliation,
    pohangResident: !!t?.pohangResident,
    consent: !!t?.namedReportingConsent,
  };
}

/** Saves name, language and (for trainees) the profile and consent; returns the updated actor. */
export async function updateProfile(actor: Actor, input: ProfileInput): Promise<Actor> {
  const user = await loadUser(actor);
  const snapshot = () => ({ name: user.name, locale: user.locale, trainee: user.toObject().trainee });
  const before = snapshot();
  const shownBefore = shownFields(user);
  user.name = input.name;
  user.locale = input.locale;
  if (user.role === 'trainee' && before.trainee && input.trainee) {
    const { consent, followUp, ...fields } = input.trainee;
    user.trainee = {
      ...before.trainee,
      ...fields,
      ...consentAfter(before.trainee, consent),
      followUp: recordAfter(before.trainee.followUp ?? undefined, followUp, followUpConsentVersion),
    };
  }
  const shownAfter = shownFields(user);
  const fields = traineeFields.filter((f) => shownAfter[f] !== shownBefore[f]);
  const shown = user.role === 'trainee' && fields.length > 0;
  await writeAnnounced(shown ? { fact: 'trainee-profile', trainee: user._id, fields } : undefined, () => user.save());
  await userChanged(user._id);
  const after = snapshot();
  await recordAudit({
    actor,
    action: 'user.profile_update',
    target: { type: 'User', id: user._id },
    changed: { from: before, to: after },
  });
  if (before.trainee && before.trainee.namedReportingConsent !== after.trainee?.namedReportingConsent) {
    const action = after.trainee?.namedReportingConsent ? 'user.consent_given' : 'user.consent_withdrawn';
    await recordAudit({ actor, action, target: { type: 'User', id: user._id } });
  }
  if (before.trainee && !!before.trainee.followUp?.given !== !!after.trainee?.followUp?.given) {
    const action = after.trainee?.followUp?.given ? 'user.follow_up_consent_given' : 'user.follow_up_consent_withdrawn';
    await recordAudit({ actor, action, target: { type: 'User', id: user._id } });
  }
  return toActor(user);
}

/**
 * Changes the password after checking the current one (under the login's limits, so a stolen
 * session cannot guess it), and ends every other session of the user (a stolen session does
 * not outlive the change); the current one stays.
 */
export async function changePassword(
  actor: Actor,
  input: { currentPassword: string; password: string },
  currentSessionId: string,
  ip?: string,
): Promise<number> {
  await recheckPassword(actor, input.currentPassword, { ip, field: 'currentPassword' });
  const user = await loadUser(actor);
  user.passwordHash = await hashPassword(input.password);
  user.passwordChangedAt = new Date();
  await user.save();
  const ended = await endSessionsOf(actor.id, currentSessionId);
  await recordAudit({
    actor,
    action: 'user.password_change',
    target: { type: 'User', id: user._id },
    meta: { endedSessions: ended },
  });
  return ended;
}
