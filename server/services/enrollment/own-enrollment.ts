import type { Types } from 'mongoose';
import { readCacheVersion } from '../../../models/cache-version';
import { Enrollment, enrollmentsCacheKey, type EnrollmentDoc } from '../../../models/enrollment';
import { heldPerKey } from '../../lib/held-per-key';

/**
 * One of a trainee's enrollments, as far as the catalog, a course page's apply box and the
 * trainee's own page (/me: newest application first, and when a completion was decided) need it.
 */
export type OwnEnrollment = Readonly<
  Pick<EnrollmentDoc, '_id' | 'course' | 'trainee' | 'status' | 'appliedAt'> & {
    completion?: Readonly<{ decidedAt?: Date | null }> | null;
  }
>;

/** Trainees whose enrollments are held: a few of them apiece, a hundred and fifty bytes each. */
const capacity = 10_000;

const held = heldPerKey(
  () => readCacheVersion(enrollmentsCacheKey),
  capacity,
  async (trainee) =>
    Object.freeze(
      await Enrollment.find(
        { trainee },
        { course: 1, trainee: 1, status: 1, appliedAt: 1, 'completion.decidedAt': 1 },
      ).lean<OwnEnrollment[]>(),
    ),
);

/**
 * Every enrollment of the trainee: read by an indexed equality, then held until any enrollment is
 * written anywhere (the `enrollments` cache version, which every write changes before it is
 * answered), so that a trainee browsing the catalog, course pages and /me costs no engine command.
 * Shared between requests: not to be changed.
 */
export function ownEnrollments(trainee: Types.ObjectId | string): Promise<readonly OwnEnrollment[]> {
  return held(String(trainee));
}

/** The trainee's enrollment in the course, or null (ownEnrollments). */
export async function ownEnrollment(
  trainee: Types.ObjectId | string,
  course: Types.ObjectId | string,
): Promise<OwnEnrollment | null> {
  const id = String(course);
  return (await ownEnrollments(trainee)).find((e) => String(e.course) === id) ?? null;
}
