import type { Types } from 'mongoose';
import type { EnrollmentStatus } from '../../../models/enrollment';
import { PendingFactChange } from '../../../models/pending-fact-change';
import { insertMissing } from '../../lib/insert-missing';
import { refreshAttendanceSheets } from '../attendance/sheets';
import { countedStatuses } from '../city/figures';
import { refreshCourseFigures, refreshTraineeFigures } from '../city/course-figures';
import { refreshCourseRoster, refreshTraineeRosters } from '../courses/course-roster';
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
  /**
   * Applications of the course moved only among statuses the figures do not count (pending,
   * waitlisted, rejected...), or its waitlist changed: an allocation round of that kind.
   */
  | { fact: 'applications'; course: Id }
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
type Refreshes = { [F in Fact]: (change: Extract<FactChange, { fact: F }>) => Promise<unknown>[] };

const counted = (status: EnrollmentStatus | null) => (countedStatuses as readonly (string | null)[]).includes(status);
const touches = (fields: readonly TraineeField[], shown: readonly TraineeField[]) =>
  fields.some((f) => shown.includes(f));

/**
 * The one table of which copies each fact change refreshes (DESIGN.md, "Copies are derived, in one
 * home"). Each copy is rebuilt from its facts, never adjusted: `CourseFigures` (city/course-figures.ts,
 * from the course and its counted enrollments), `TraineeFacts` with it (from the profile),
 * `RosterTrainee` (courses/roster-trainees.ts, from the profile), `AttendanceSheet`
 * (attendance/sheets.ts, from the marks) and `CourseRoster` (courses/course-roster.ts, from the
 * enrollments, the waitlist and those two, so it is refreshed after them). The catalog and figures
 * caches follow their versions.
 */
const refreshes: Refreshes = {
  'enrollment-status': (c) => [
    ...(counted(c.from) || counted(c.to) ? [refreshCourseFigures(c.course)] : []),
    refreshCourseRoster(c.course),
  ],
  enrollments: (c) => [refreshCourseFigures(c.course), refreshCourseRoster(c.course)],
  applications: (c) => [refreshCourseRoster(c.course)],
  course: (c) => [refreshCourseFigures(c.course)],
  'trainee-profile': (c) => [
    ...(touches(c.fields, ['name', 'category', 'pohangResident', 'consent']) ? [refreshTraineeFigures(c.trainee)] : []),
    ...(touches(c.fields, ['name', 'email', 'category', 'affiliation'])
      ? [refreshRosterTrainee(c.trainee).then(() => refreshTraineeRosters(c.trainee))]
      : []),
  ],
  attendance: (c) => [
    refreshAttendanceSheets(c.course, c.enrollments).then(() =>
      c.enrollments.length || c.scores ? refreshCourseRoster(c.course) : undefined,
    ),
  ],
};

/** Brings every copy the change concerns up to date with the facts; resolves once they are stored. */
export async function announce(change: FactChange): Promise<void> {
  await Promise.all((refreshes[change.fact] as (c: FactChange) => Promise<unknown>[])(change));
}

/** A course-wide change that can be recorded ahead of the facts it concerns. */
export type CourseChange = Extract<FactChange, { fact: 'enrollments' | 'applications' | 'course' }>;

const courseFacts: readonly string[] = ['enrollments', 'applications', 'course'] satisfies CourseChange['fact'][];
const isCourseFact = (fact: string): fact is CourseChange['fact'] => courseFacts.includes(fact);

/** A mark is given up after this many failed refreshes (check-data then reports the copy). */
const maxTries = 5;
const markId = (change: CourseChange) => `${change.fact}:${String(change.course)}`;

/** Records, before a multi-step writer changes the facts, the change it will announce when it is done. */
export async function announceAhead(change: CourseChange): Promise<void> {
  await insertMissing(PendingFactChange, [
    { _id: markId(change), fact: change.fact, course: change.course, since: new Date(), tries: 0 },
  ]);
}

/** Announces a change recorded ahead, then removes its mark; a failure counts a try and leaves the mark. */
export async function announceRecorded(change: CourseChange): Promise<void> {
  try {
    await announce(change);
  } catch (err) {
    await PendingFactChange.updateOne({ _id: markId(change) }, { $inc: { tries: 1 } });
    throw err;
  }
  await PendingFactChange.deleteOne({ _id: markId(change) });
}

/**
 * Announces every change still recorded ahead (its writer stopped, or its refresh failed), each at
 * most `maxTries` times over all passes. Returns how many were announced.
 */
export async function announcePending(): Promise<number> {
  let done = 0;
  for (const mark of await PendingFactChange.find().lean()) {
    const { fact } = mark;
    if (mark.tries >= maxTries || !isCourseFact(fact)) continue;
    await announceRecorded({ fact, course: mark.course }).then(
      () => done++,
      (err: unknown) => process.emitWarning(`announcing ${mark._id} failed: ${String(err)}`),
    );
  }
  return done;
}
