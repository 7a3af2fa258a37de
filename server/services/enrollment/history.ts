import type { Types } from 'mongoose';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { FormError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { enrollmentStatusChanged } from '../city/course-figures';

type Id = Types.ObjectId | string;

export interface TransitionFrom {
  _id: Id;
  course: Id;
  status: EnrollmentStatus;
  seq?: number | null;
}

export interface TransitionOptions {
  by?: Id;
  reason?: string;
  /** Extra fields to write on the enrollment with the new status. */
  set?: Record<string, unknown>;
}

/**
 * Moves an enrollment from the status it was read in to `to`. The step is claimed by inserting
 * history event seq+1 under the unique (enrollment, seq) index, so of two requests racing from
 * the same state (approve vs. withdraw) exactly one proceeds; the other gets a FormError telling
 * the user the record changed meanwhile. Only the claimant then writes the enrollment, and brings
 * the course's figures up to date before the request answers.
 */
export async function transition(
  enrollment: TransitionFrom,
  to: EnrollmentStatus,
  options: TransitionOptions = {},
): Promise<number> {
  const seq = (enrollment.seq ?? 0) + 1;
  try {
    await EnrollmentEvent.create({
      enrollment: enrollment._id,
      seq,
      from: enrollment.status,
      to,
      by: options.by,
      reason: options.reason,
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new FormError({ _form: 'enrollment.errors.changedMeanwhile' });
    throw err;
  }
  // When a withdrawal happened decides whether the figures count it (a dropout) or not (before the start).
  const stamp = to === 'withdrawn' ? { withdrawnAt: new Date() } : {};
  await Enrollment.updateOne({ _id: enrollment._id }, { $set: { ...options.set, ...stamp, status: to, seq } });
  await enrollmentStatusChanged(enrollment.course, enrollment.status, to);
  return seq;
}

/** Records the first step of a newly created enrollment (and its effect on the course's figures). */
export async function recordCreation(
  enrollment: { _id: Id; course: Id },
  to: EnrollmentStatus,
  by?: Id,
): Promise<void> {
  await EnrollmentEvent.create({ enrollment: enrollment._id, seq: 1, from: null, to, by });
  await enrollmentStatusChanged(enrollment.course, null, to);
}
