import crypto from 'node:crypto';
import type { Types } from 'mongoose';
import type { EnrollmentStatus } from '../../../models/enrollment';
import { PendingFactChange } from '../../../models/pending-fact-change';
import { FormError } from '../../errors';
import { crashPoint } from '../../lib/crash-point';
import { insertMissing } from '../../lib/insert-missing';
import { refreshAttendanceSheets } from '../attendance/sheets';
import { countedStatuses } from '../city/figures';
import { refreshCourseFigures, refreshTraineeFigures } from '../city/course-figures';
import { refreshRosterTrainee } from '../courses/roster-trainees';

type Id = Types.ObjectId | string;

/** The profile fields that derived copies show. */
export const traineeFields = ['name', 'email', 'category', 'affiliation', 'pohangResident', 'consent'] as const;
export type TraineeField = (typeof traineeFields)[number];

/** A change to the facts, as its writer announces it: what changed, never which copies follow. */
export type FactChange =
  /** One enrollment stepped from one status to another (`from` null: it was created). */
  | { fact: 'enrollment-status'; course: Id; from: EnrollmentStatus | null; to: EnrollmentStatus }
  /** Many enrollments of the course stepped at once (an allocation round, a completion). */
  | { fact: 'enrollments'; course: Id }
  /** The course itself: its sessions, hours, title, code, track, skills or status. */
  | { fact: 'course'; course: Id }
  /** A trainee's profile fields. */
  | { fact: 'trainee-profile'; trainee: Id; fields: readonly TraineeField[] }
  /** Attendance marks of these enrollments of the course. */
  | { fact: 'attendance'; course: Id; enrollments: readonly { _id: Types.ObjectId; trainee: Types.ObjectId }[] };

type Fact = FactChange['fact'];
type Refresh = () => Promise<unknown>;
type Refreshes = { [F in Fact]: (change: Extract<FactChange, { fact: F }>) => Refresh[] };

const counted = (status: EnrollmentStatus | null) => (countedStatuses as readonly (string | null)[]).includes(status);
const touches = (fields: readonly TraineeField[], shown: readonly TraineeField[]) =>
  fields.some((f) => shown.includes(f));

/**
 * The one table of which copies each fact change refreshes (DESIGN.md, "Copies are derived, in one
 * home"). Each copy is rebuilt from its facts, never adjusted: `CourseFigures` (city/course-figures.ts,
 * from the course and its counted enrollments), `TraineeFacts` with it (from the profile),
 * `RosterTrainee` (courses/roster-trainees.ts, from the profile) and `AttendanceSheet`
 * (attendance/sheets.ts, from the marks). The catalog and figures caches follow their versions.
 */
const refreshes: Refreshes = {
  'enrollment-status': (c) => (counted(c.from) || counted(c.to) ? [() => refreshCourseFigures(c.course)] : []),
  enrollments: (c) => [() => refreshCourseFigures(c.course)],
  course: (c) => [() => refreshCourseFigures(c.course)],
  'trainee-profile': (c) => [
    ...(touches(c.fields, ['name', 'category', 'pohangResident', 'consent'])
      ? [() => refreshTraineeFigures(c.trainee)]
      : []),
    ...(touches(c.fields, ['name', 'email', 'category', 'affiliation']) ? [() => refreshRosterTrainee(c.trainee)] : []),
  ],
  attendance: (c) => (c.enrollments.length ? [() => refreshAttendanceSheets(c.course, c.enrollments)] : []),
};

const refreshesOf = (change: FactChange) => (refreshes[change.fact] as (c: FactChange) => Refresh[])(change);

/** Brings every copy the change concerns up to date with the facts; resolves once they are stored. */
export async function announce(change: FactChange): Promise<void> {
  await Promise.all(refreshesOf(change).map((refresh) => refresh()));
}

/** A course-wide change (the allocator's, a completion's). */
export type CourseChange = Extract<FactChange, { fact: 'enrollments' | 'course' }>;

/** A change recorded ahead of the facts it concerns, by its mark (a `PendingFactChange`). */
export interface Recorded {
  id: string;
  change: FactChange;
}

/** A mark of its own for the change: every action's is distinct, so one writer's finishing never removes another's. */
export function markOf(change: FactChange): Recorded {
  return { id: `${change.fact}:${crypto.randomUUID()}`, change };
}

/** A mark is given up after this many failed refreshes (check-data then reports the copy). */
const maxTries = 5;
/** The resume pass leaves younger marks to their writers, which finish within seconds. */
export const markSettleMs = 10_000;

/**
 * Marks whose writer has announced their change are removed together, a second later, in one
 * delete: recording a change ahead costs its writer one insert. A mark left by a stop in between
 * is announced once more by the resume pass, which does no harm.
 */
const done = { ids: [] as string[], timer: undefined as NodeJS.Timeout | undefined };

function removeLater(id: string): void {
  done.ids.push(id);
  done.timer ??= setTimeout(() => void removeDone(), 1_000).unref();
}

/** Removes the marks announced so far (also at shutdown). */
export async function removeDone(): Promise<void> {
  clearTimeout(done.timer);
  done.timer = undefined;
  const ids = done.ids.splice(0);
  if (ids.length)
    await PendingFactChange.deleteMany({ _id: { $in: ids } }).catch((err: unknown) =>
      process.emitWarning(`removing ${ids.length} announced marks failed: ${String(err)}`),
    );
}

/** Records, before a writer changes the facts, the changes it will announce when it is done (one insert). */
export async function announceAhead(...marks: Recorded[]): Promise<void> {
  const since = new Date();
  await insertMissing(
    PendingFactChange,
    marks.map(({ id, change }) => ({ _id: id, fact: change.fact, change, since, tries: 0 })),
  );
}

/** Announces a change recorded ahead, then has its mark removed; a failure counts a try and leaves the mark. */
export async function announceRecorded({ id, change }: Recorded): Promise<void> {
  try {
    await announce(change);
  } catch (err) {
    await PendingFactChange.updateOne({ _id: id }, { $inc: { tries: 1 } });
    throw err;
  }
  removeLater(id);
}

/**
 * Writes facts and announces their change, recording it ahead (DESIGN.md, "Every writer records
 * its change ahead"): a stop during `write` leaves the mark, and the resume pass refreshes the
 * copies. A change that refreshes no copy is written without a mark; a write refused before it
 * changed anything (a FormError) has its mark removed unannounced.
 */
export async function writeAnnounced<T>(change: FactChange | undefined, write: () => Promise<T>): Promise<T> {
  if (!change || refreshesOf(change).length === 0) return write();
  const mark = markOf(change);
  await announceAhead(mark);
  let result: T;
  try {
    result = await write();
  } catch (err) {
    if (err instanceof FormError) removeLater(mark.id);
    throw err;
  }
  crashPoint('copies.facts-written');
  await announceRecorded(mark);
  return result;
}

/** A change recorded ahead and still there, as its mark stores it. */
export interface PendingChange extends Recorded {
  since: Date;
  tries: number;
}

/** Every change recorded ahead and not yet removed (marks live seconds: a small collection, read whole). */
export async function pendingChanges(): Promise<PendingChange[]> {
  return (await PendingFactChange.find().lean()).map((mark) => ({
    id: mark._id,
    // A mark from before marks carried their change names a course-wide change.
    change: (mark.change ?? { fact: mark.fact, course: mark.course }) as FactChange,
    since: mark.since,
    tries: mark.tries,
  }));
}

/**
 * Announces every change recorded ahead at least `markSettleMs` ago and still there (its writer
 * stopped, or its refresh failed), each at most `maxTries` times over all passes. Returns how many
 * marks are younger, left to their writers for now.
 */
export async function announcePending(): Promise<number> {
  let young = 0;
  const settled = Date.now() - markSettleMs;
  for (const mark of await pendingChanges()) {
    if (mark.tries >= maxTries) continue;
    if (mark.since.getTime() > settled) {
      young++;
      continue;
    }
    await announceRecorded(mark).catch((err: unknown) =>
      process.emitWarning(`announcing ${mark.id} failed: ${String(err)}`),
    );
  }
  await removeDone();
  return young;
}
