import { Enrollment } from '../../models/enrollment';
import { type CreatedStatus, make } from './factories';

/** A small deterministic generator, so that a failing case can be reproduced. */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

// A third completed, then one of each other status.
const drawnStatuses: CreatedStatus[] = [
  'completed',
  'completed',
  'completed',
  'not_completed',
  'withdrawn',
  'enrolled',
  'pending',
  'waitlisted',
  'rejected',
];

export interface RandomEnrolment {
  /** Leave a person out with this probability. */
  skip: number;
  /** When a completed enrollment was decided. */
  decidedAt: Date;
  /** Turns a drawn status into one the course can have (a course still running has no decisions). */
  allow?: (status: CreatedStatus) => CreatedStatus;
}

/**
 * Enrols some of `people` in the course, each with a status drawn from `rand`. Returns who was
 * enrolled (their index in `people`) and with which status, for the test to count from.
 */
export async function enrolAtRandom(
  course: { _id: unknown; university: unknown },
  people: { _id: unknown }[],
  rand: () => number,
  { skip, decidedAt, allow = (status) => status }: RandomEnrolment,
): Promise<{ trainee: number; status: CreatedStatus }[]> {
  const enrolled = [];
  for (const [trainee, person] of people.entries()) {
    if (rand() < skip) continue;
    const status = allow(drawnStatuses[Math.floor(rand() * drawnStatuses.length)] ?? 'enrolled');
    const enrollment = await make.enrollment(course, person, status);
    if (status === 'completed')
      await Enrollment.updateOne({ _id: enrollment._id }, { 'completion.decidedAt': decidedAt });
    enrolled.push({ trainee, status });
  }
  return enrolled;
}
