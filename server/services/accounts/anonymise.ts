import crypto from 'node:crypto';
import type { Types } from 'mongoose';
import { Certificate } from '../../../models/certificate';
import { Enrollment } from '../../../models/enrollment';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { OutcomeDue } from '../../../models/outcome-due';
import { PasswordToken } from '../../../models/password-token';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { recordAudit } from '../audit/record';
import { announceAhead, announceRecorded, markOf, traineeFields } from '../copies/changes';
import { endSessionsOf } from './sessions';

type Id = Types.ObjectId | string;

/** Applications still running: a trainee with one is not anonymised (they withdraw first, or the course ends). */
const runningStatuses = ['pending', 'enrolled', 'waitlisted'];

export async function hasRunningApplications(trainee: Id): Promise<boolean> {
  return !!(await Enrollment.exists({ trainee, status: { $in: runningStatuses } }));
}

/**
 * Removes a trainee's personal data and keeps what the city must keep, without the name: the
 * account stays as a pseudonymous record (`ANON-…`) so that its enrollments, attendance,
 * certificates (numbers, hours, course, university) and outcome answers still count in every
 * figure, with the category and residency the figures break down by. Gone: name, email, password,
 * affiliation, consents (so the person is named nowhere any more), sessions, notices, unsent mail,
 * links and follow-up rounds not yet asked. Their certificates then carry the pseudonym, and the
 * public check shows no name. Reports already submitted to the city are immutable and keep what
 * they were sent with. Returns false for a record that is not a trainee's or is already anonymised.
 */
export async function anonymiseTrainee(
  trainee: Id,
  why: { reason: 'closed' | 'retention'; actor?: Actor; ip?: string },
): Promise<boolean> {
  const user = await User.findById(trainee);
  if (!user || user.role !== 'trainee' || user.anonymisedAt || !user.trainee) return false;
  const formerEmail = user.email;
  const pseudonym = `ANON-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  const { category, pohangResident } = user.trainee;
  user.set({
    name: pseudonym,
    email: `${pseudonym.toLowerCase()}@anonymised.invalid`,
    passwordHash: undefined,
    active: false,
    lastLoginAt: undefined,
    lastActiveDay: undefined,
    anonymisedAt: new Date(clock.now()),
    anonymisedMonth: seoulDayOf(clock.now()).slice(0, 7),
    trainee: { category, pohangResident, affiliation: '', namedReportingConsent: false, followUp: { given: false } },
  });
  // Anonymising, every copy showing the trainee changes: recorded ahead, announced once all is written.
  const change = markOf({ fact: 'trainee-profile', trainee: user._id, fields: traineeFields });
  await announceAhead(change);
  await user.save();
  await endSessionsOf(String(user._id));
  await Promise.all([
    Notification.deleteMany({ user: user._id }),
    PasswordToken.deleteMany({ user: user._id }),
    OutcomeDue.deleteMany({ trainee: user._id }),
    // The outbox holds only unsent messages, so it is small.
    MailMessage.deleteMany({ to: formerEmail }),
    Certificate.updateMany({ trainee: user._id }, { $set: { traineeName: pseudonym, traineeAnonymised: true } }),
  ]);
  await announceRecorded(change);
  await recordAudit({
    actor: why.actor,
    action: why.reason === 'closed' ? 'user.close' : 'user.anonymise_inactive',
    target: { type: 'User', id: user._id },
    meta: { pseudonym },
    ip: why.ip,
  });
  return true;
}
