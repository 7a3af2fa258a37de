import type { Types } from 'mongoose';
import { readCacheVersion } from '../../../models/cache-version';
import { Enrollment, enrollmentsCacheKey, type EnrollmentDoc } from '../../../models/enrollment';
import { BoundedMemory } from '../../lib/bounded-memory';
import { clock } from '../../lib/clock';
import { VersionedCache } from '../../lib/versioned-cache';

/** A trainee's enrollment in one course, as far as a course page's apply box needs it. */
export type OwnEnrollment = Pick<EnrollmentDoc, '_id' | 'status'>;

/** Trainee and course pairs held, with or without an enrollment: a few dozen bytes apiece. */
const capacity = 20_000;

const held = new VersionedCache(
  () => readCacheVersion(enrollmentsCacheKey),
  () => Promise.resolve(new BoundedMemory<string, { found: OwnEnrollment | null }>(capacity)),
);

/**
 * The trainee's enrollment in the course, or null: read once by an indexed equality, then held
 * until any enrollment is written anywhere (the `enrollments` cache version, which every write
 * changes before it is answered), so that a trainee browsing course pages costs no engine command.
 */
export async function ownEnrollment(
  trainee: Types.ObjectId | string,
  course: Types.ObjectId | string,
): Promise<OwnEnrollment | null> {
  const memory = await held.get();
  const key = `${String(trainee)} ${String(course)}`;
  const kept = memory.get(key, clock.now());
  if (kept) return kept.found;
  const found = await Enrollment.findOne({ course, trainee }, { status: 1 }).lean<OwnEnrollment>();
  memory.set(key, { found }, Infinity);
  return found;
}
