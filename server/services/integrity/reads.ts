import type { Types } from 'mongoose';
import { Course, type CourseStatus } from '../../../models/course';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { User, type UserDoc } from '../../../models/user';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { findByIds } from '../../lib/find-by-ids';

export interface CourseRow {
  _id: Types.ObjectId;
  code: string;
  capacity: number;
  status: CourseStatus;
  university: Types.ObjectId;
}

export interface EnrollmentRow {
  _id: Types.ObjectId;
  course: Types.ObjectId;
  trainee: Types.ObjectId;
  university: Types.ObjectId;
  status: EnrollmentStatus;
  seq?: number | null;
}

export interface SeatRow {
  _id: Types.ObjectId;
  course: Types.ObjectId;
  seatNo: number;
  trainee: Types.ObjectId;
  enrollment: Types.ObjectId;
}

export interface EntryRow {
  _id: Types.ObjectId;
  course: Types.ObjectId;
  position: number;
  trainee: Types.ObjectId;
  enrollment: Types.ObjectId;
}

/** What the copies of a trainee's profile are made from (roster columns, facts for the figures). */
export type TraineeRow = Pick<UserDoc, '_id' | 'name' | 'email' | 'trainee'>;

export const enrollmentFields = { course: 1, trainee: 1, university: 1, status: 1, seq: 1 } as const;

/**
 * What one run of the checks reads, each read once and shared by the checks that need it. Every
 * read is one whole collection with a projection, or one top-level equality per status, which the
 * embedded engine hands to PostgreSQL (never `$in`, which it answers by decoding every document).
 * `forget()` after a repair: the next check reads the data as the repair left it.
 */
export class Reads {
  private readonly memo = new Map<string, Promise<unknown>>();

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined;
    if (!found) {
      // Through a promise: a mongoose query is a thenable that runs again each time it is awaited.
      found = Promise.resolve().then(load);
      this.memo.set(key, found);
      // A failed read is not remembered: the next check that needs it tries again.
      found.catch(() => this.memo.delete(key));
    }
    return found;
  }

  forget(): void {
    this.memo.clear();
  }

  /** Every course by id, with what the checks say about it (code, capacity, status, university). */
  courses(): Promise<Map<string, CourseRow>> {
    return this.once('courses', async () => {
      const rows = await Course.find({}, { code: 1, capacity: 1, status: 1, university: 1 }).lean<CourseRow[]>();
      return new Map(rows.map((c) => [String(c._id), c]));
    });
  }

  /** These courses by id (from the whole read when a check made it already), as `courses()` gives them. */
  async coursesByIds(ids: readonly (Types.ObjectId | string)[]): Promise<Map<string, CourseRow>> {
    if (this.memo.has('courses')) return this.courses();
    return findByIds(Course, ids, { code: 1, capacity: 1, status: 1, university: 1 }) as Promise<
      Map<string, CourseRow>
    >;
  }

  seats(): Promise<SeatRow[]> {
    return this.once('seats', () =>
      Seat.find({}, { course: 1, seatNo: 1, trainee: 1, enrollment: 1 }).lean<SeatRow[]>(),
    );
  }

  waitlist(): Promise<EntryRow[]> {
    return this.once('waitlist', () =>
      WaitlistEntry.find({}, { course: 1, position: 1, trainee: 1, enrollment: 1 }).lean<EntryRow[]>(),
    );
  }

  /** Every trainee's account, by id, with the fields the profile copies take. */
  trainees(): Promise<Map<string, TraineeRow>> {
    return this.once('trainees', async () => {
      const rows = await User.find({ role: 'trainee' }, { name: 1, email: 1, trainee: 1 }).lean<TraineeRow[]>();
      return new Map(rows.map((u) => [String(u._id), u]));
    });
  }

  /** The enrollments in one status, by an equality the engine pushes down. */
  enrollments(status: EnrollmentStatus): Promise<EnrollmentRow[]> {
    return this.once(`enrollments:${status}`, () =>
      Enrollment.find({ status }, enrollmentFields).lean<EnrollmentRow[]>(),
    );
  }

  /** The enrollments in any of these statuses: one equality read per status. */
  async enrollmentsIn(statuses: readonly EnrollmentStatus[]): Promise<EnrollmentRow[]> {
    return (await Promise.all(statuses.map((s) => this.enrollments(s)))).flat();
  }
}

/** `course 665f… (BAT-101)`, as every difference names a course. */
export function courseName(courses: Map<string, CourseRow>, id: Types.ObjectId | string): string {
  const course = courses.get(String(id));
  return `course ${String(id)} (${course ? course.code : 'no such course'})`;
}

/** Groups rows by the string of a key. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => unknown): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = String(key(row));
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Runs `work` on every item, `parallel` at a time (a few: the engine serves about five operations at once for everyone). */
export async function eachLimited<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/** `1 seat`, `3 seats`. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
