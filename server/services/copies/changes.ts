import crypto from 'node:crypto';
import type { Types } from 'mongoose';
import type { EnrollmentStatus } from '../../../models/enrollment';
import { PendingFactChange } from '../../../models/pending-fact-change';
import { FormError } from '../../errors';
import { crashPoint } from '../../lib/crash-point';
import { insertMissing } from '../../lib/insert-missing';
import { refreshAttendanceSheets } from './attendance-sheets';
import { countedStatuses } from '../figures/figures';
import { refreshCourseFigures, refreshTraineeFigures } from './course-figures';
import { refreshCourseRoster, refreshTraineeRosters } from './course-roster';
import { refreshRosterTrainee } from './roster-trainees';

type Id = Types.ObjectId | string;

/** The profile fields that derived copies show. */
export const traineeFields = ['name', 'email', 'category', 'affiliation', 'pohangResident', 'consent'] as const;
export type TraineeField = (typeof traineeFields)[number];

/** A change to the facts, as its writer announces it: what changed, never which copies follow. */
export type FactChange =
  /** One enrollment stepped from one status to another (`from` null: it was created). */
  | { fact: 'enrollment-status'; course: Id; from: EnrollmentStatus | null; to: EnrollmentStatus }
  /**
   * Applications of the course placed, moved or ended by an allocation round (apply, withdraw,
   * approve, reject, promote): `figures` when it moved one into or out of a status reports count,
   * `staffWaiting` when staff decided some of them and their next page is the roster.
   */
  | { fact: 'applications'; course: Id; figures?: boolean; staffWaiting?: boolean }
  /** Many enrollments of the course stepped at once in a way reports count (a completion, a revocation, a cancellation). */
  | { fact: 'enrollments'; course: Id }
  /** The course itself: its sessions, hours, title, code, track, skills or status. */
  | { fact: 'course'; course: Id }
  /** A trainee's profile fields. */
  | { fact: 'trainee-profile'; trainee: Id; fields: readonly TraineeField[] }
  /** Attendance marks of these enrollments of the course, and (`scores`) assessment scores saved with them. */
  | {
      fact: 'attendance';
      course: Id;
      enrollments: readonly { _id: Types.ObjectId; trainee: Types.ObjectId }[];
      scores?: boolean;
    };

type Fact = FactChange['fact'];
/**
 * One copy's refresh, and when it runs: before the writer answers (`now`: the page the answer leads
 * to shows the copy) or after it (`after`: only other people's pages read the copy), from the mark
 * the writer recorded ahead, which stays until the refresh is done (below).
 */
interface Refresh {
  /** `after`: a refresh that follows the answer may be held back until it settles. */
  run: (after?: Promise<unknown>) => Promise<unknown>;
  when: 'now' | 'after';
}
type Refreshes = { [F in Fact]: (change: Extract<FactChange, { fact: F }>) => Refresh[] };

const counted = (status: EnrollmentStatus | null) => (countedStatuses as readonly (string | null)[]).includes(status);
const touches = (fields: readonly TraineeField[], shown: readonly TraineeField[]) =>
  fields.some((f) => shown.includes(f));

/**
 * The one table of which copies each fact change refreshes (DESIGN.md, "Copies are derived, in one
 * home"). Each copy is rebuilt from its facts, never adjusted: `CourseFigures` (copies/course-figures.ts,
 * from the course and its counted enrollments), `TraineeFacts` with it (from the profile),
 * `RosterTrainee` (copies/roster-trainees.ts, from the profile), `AttendanceSheet`
 * (copies/attendance-sheets.ts, from the marks) and `CourseRoster` (copies/course-roster.ts, from the
 * enrollments, the waitlist and those two, so it is refreshed after them). The catalog and figures
 * caches follow their versions. A course's figures after an allocation round are read by
 * dashboards only, never by the page the round's answers lead to, so they follow after the
 * answers: a rush of applicants is answered without them; so does its packed roster, unless staff
 * decided in the round and their next page shows it. Every other change follows before the answer:
 * a report is frozen when it is submitted, so a completion, a revocation, a cancellation, a course
 * edit or a withdrawn consent must be in the figures before the staff member's next request; the
 * roster's rows and the attendance sheets are what their next page shows.
 */
const refreshes: Refreshes = {
  'enrollment-status': (c) => [
    ...(counted(c.from) || counted(c.to) ? [figures(c.course, 'now')] : []),
    roster(c.course, 'now'),
  ],
  applications: (c) => [
    ...(c.figures ? [figures(c.course, 'after')] : []),
    roster(c.course, c.staffWaiting ? 'now' : 'after'),
  ],
  enrollments: (c) => [figures(c.course, 'now'), roster(c.course, 'now')],
  course: (c) => [figures(c.course, 'now')],
  'trainee-profile': (c) => [
    ...(touches(c.fields, ['name', 'category', 'pohangResident', 'consent'])
      ? [{ run: () => refreshTraineeFigures(c.trainee), when: 'now' as const }]
      : []),
    ...(touches(c.fields, ['name', 'email', 'category', 'affiliation'])
      ? [
          {
            run: () => refreshRosterTrainee(c.trainee).then(() => refreshTraineeRosters(c.trainee)),
            when: 'now' as const,
          },
        ]
      : []),
  ],
  attendance: (c) =>
    c.enrollments.length || c.scores
      ? [
          {
            run: async () => {
              if (c.enrollments.length) await refreshAttendanceSheets(c.course, c.enrollments);
              await refreshCourseRoster(c.course);
            },
            when: 'now',
          },
        ]
      : [],
};

function roster(course: Id, when: Refresh['when']): Refresh {
  return { run: (after) => refreshCourseRoster(course, after), when };
}

function figures(course: Id, when: Refresh['when']): Refresh {
  return { run: (after) => refreshCourseFigures(course, after), when };
}

const refreshesOf = (change: FactChange) => (refreshes[change.fact] as (c: FactChange) => Refresh[])(change);
const runAll = (list: readonly Refresh[], after?: Promise<unknown>) => Promise.all(list.map((r) => r.run(after)));

/** Brings every copy the change concerns up to date with the facts, those read after the answer too; resolves once they are stored. */
export async function announce(change: FactChange): Promise<void> {
  await runAll(refreshesOf(change));
}

/** Refreshes running after their writer answered, in this process. */
const following = new Set<Promise<void>>();

/** Resolves once every refresh this process runs after an answer has ended (tests, shutdown). */
export async function copiesSettled(): Promise<void> {
  while (following.size) await Promise.allSettled([...following]);
}

/** A course-wide change (the allocator's, a completion's). */
export type CourseChange = Extract<FactChange, { fact: 'applications' | 'enrollments' | 'course' }>;

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

/** Counts a failed try on the mark, which stays for the resume pass (at most `maxTries` in all). */
async function failedTry(id: string): Promise<void> {
  await PendingFactChange.updateOne({ _id: id }, { $inc: { tries: 1 } });
}

/**
 * Announces a change recorded ahead: the copies the answer needs are refreshed now, the others
 * start after it (not awaited; held back until `followAfter` settles, when given, unless someone
 * needs them sooner: lib/coalesced-refresh.ts), and the mark is removed once all are done. The mark is the durable queue of what follows the answer: a failure
 * or a stop leaves it, counts a try, and the resume pass runs it again, a bounded number of times
 * (DESIGN.md, "the rest after it, from a durable queue with bounded retries"). A failure of the
 * refreshes needed now is thrown.
 */
export async function announceRecorded({ id, change }: Recorded, followAfter?: Promise<unknown>): Promise<void> {
  const list = refreshesOf(change);
  try {
    await runAll(list.filter((r) => r.when === 'now'));
  } catch (err) {
    await failedTry(id);
    throw err;
  }
  const after = list.filter((r) => r.when === 'after');
  if (after.length === 0) return removeLater(id);
  const follow = runAll(after, followAfter).then(
    () => removeLater(id),
    (err: unknown) => {
      process.emitWarning(`copies after ${id} failed: ${String(err)}`);
      return failedTry(id).catch(() => undefined);
    },
  );
  following.add(follow);
  void follow.finally(() => following.delete(follow));
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
  await copiesSettled();
  await removeDone();
  return young;
}
