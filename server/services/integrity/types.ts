import type { Types } from 'mongoose';

/** The records a repair's audit event can name (server/services/city/audit-log.ts links these). */
export type TargetType = 'Course' | 'Enrollment' | 'Certificate' | 'User';

/** One place where the data differs from a rule of DESIGN.md section 4 or from the facts a copy derives from. */
export interface Difference {
  /** The name of the check that found it. */
  check: string;
  /** What is wrong, in plain words an operator can act on without reading the code. */
  text: string;
  /** The course it concerns: repairs of a course's places run while its allocator is held off (course-lease.ts). */
  course?: Types.ObjectId;
  /** The record the repair's audit event is about, and its university (for the log's scope). */
  target?: { type: TargetType; id: Types.ObjectId };
  university?: Types.ObjectId;
}

/**
 * One invariant, compared with the facts: `find` reads and reports, `repair` (when there is one)
 * brings one difference back in line. A repair looks again before it writes (a difference seen a
 * moment ago may have been a write in progress) and throws NotRepaired, with the reason, when it
 * leaves things as they are.
 */
export interface Check<D extends Difference = Difference> {
  name: string;
  /** What the check compares, in one line (docs/operations.md and `--list` print it). */
  description: string;
  /** Whether the periodic job may repair it without a person deciding (the CLI's `--repair` repairs all). */
  safe: boolean;
  find(): Promise<D[]>;
  repair?(difference: D): Promise<void>;
}

/** A repair that left the data as it was, and why: printed with the difference, never a failure of the run. */
export class NotRepaired extends Error {}
