import { Types } from 'mongoose';
import { Course } from '../../../models/course';
import { readCacheVersion } from '../../../models/cache-version';
import { CourseRoster, courseRostersCacheKey } from '../../../models/course-roster';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { BoundedMemory } from '../../lib/bounded-memory';
import { heldPerKey } from '../../lib/held-per-key';
import { coalesced } from '../../lib/coalesced-refresh';
import { wroteFirst } from '../../lib/duplicate-key';
import { copyUntilSettled } from '../../lib/settled-copy';
import { marksFromStored, sheetMarks, storedMarks, type EnrollmentMarks, type SheetMark } from './attendance-sheets';
import { waitlistRanks } from '../course-base/waitlist-ranks';
import { rosterTrainees, type TraineeColumns } from './roster-trainees';

/**
 * The packed roster of a course (models/course-roster.ts): one document holding every row that the
 * roster and the attendance grid show. It is recomputed from the course's enrollments and waitlist
 * and from the per-enrollment copies of trainee columns (roster-trainees.ts) and marks
 * (copies/attendance-sheets.ts), which the table of fact changes (copies/changes.ts) refreshes first.
 */

type Id = Types.ObjectId | string;

/** One enrollment of the course, as the roster and the grid use it. */
export interface RosterEntry extends TraineeColumns {
  enrollmentId: string;
  traineeId: string;
  status: EnrollmentStatus;
  appliedAt: Date;
  /** 1-based place in the waitlist, for waitlisted enrollments. */
  waitlistRank?: number;
  score?: number;
  marks: EnrollmentMarks;
}

/**
 * One enrollment as stored in `rows`, in application order:
 * [enrollment id, trainee id, status, applied at (ms), waitlist place (0: none), score (null: none),
 * name, email, category, affiliation, marks].
 */
type StoredRow = [
  string,
  string,
  EnrollmentStatus,
  number,
  number,
  number | null,
  string,
  string,
  string,
  string,
  SheetMark[],
];

/** The course's rows as the facts say now; with `copyMissing` false nothing is written (the data check). */
async function computeFromFacts(course: Types.ObjectId, copyMissing = true): Promise<string> {
  const [enrollments, ranks, marks] = await Promise.all([
    Enrollment.find({ course }, { course: 1, trainee: 1, status: 1, appliedAt: 1, assessmentScore: 1 })
      .sort({ appliedAt: 1, _id: 1 })
      .lean(),
    waitlistRanks(course),
    sheetMarks({ course }),
  ]);
  const trainees = await rosterTrainees(course, enrollments, copyMissing);
  const rows = enrollments.map((e): StoredRow => {
    const id = String(e._id);
    const t = trainees.get(id);
    return [
      id,
      String(e.trainee),
      e.status,
      e.appliedAt.getTime(),
      ranks.get(id) ?? 0,
      e.assessmentScore ?? null,
      t?.name ?? '',
      t?.email ?? '',
      t?.category ?? '',
      t?.affiliation ?? '',
      storedMarks(marks.get(id)),
    ];
  });
  return JSON.stringify(rows);
}

function parse(rows: string): readonly RosterEntry[] {
  const entries = (JSON.parse(rows) as StoredRow[]).map(
    ([enrollmentId, traineeId, status, appliedAt, rank, score, name, email, category, affiliation, marks]) => ({
      enrollmentId,
      traineeId,
      status,
      appliedAt: new Date(appliedAt),
      ...(rank ? { waitlistRank: rank } : {}),
      ...(score === null ? {} : { score }),
      name,
      email,
      category,
      affiliation,
      marks: marksFromStored(marks),
    }),
  );
  for (const entry of entries) Object.freeze(entry);
  return Object.freeze(entries);
}

/**
 * The last parse of each recently read course's rows, with the string it came from. The rows are
 * read on every roster and grid request, and parsing 60 of them costs more than the read: the same
 * stored string gives back the same entries, frozen (and their marks never changed), so that callers
 * may also keep what they derive from them by the entries' identity (the staff pages' rendered rows,
 * routes/support/staff-rows.ts). A few hundred courses of 60 rows take a few megabytes.
 */
const lastParsed = new BoundedMemory<string, { rows: string; entries: readonly RosterEntry[] }>(200);

function entriesOf(course: string, rows: string): readonly RosterEntry[] {
  const held = lastParsed.get(course, 0);
  if (held?.rows === rows) return held.entries;
  const entries = parse(rows);
  lastParsed.set(course, { rows, entries }, Infinity);
  return entries;
}

/**
 * Writes the recomputed rows until a re-read of the facts after the write finds them unchanged
 * (server/lib/settled-copy.ts): of two concurrent refreshes, the one that writes last saw the
 * other's change. Returns the rows written.
 */
async function rebuild(courseId: string): Promise<string> {
  const _id = new Types.ObjectId(courseId);
  return copyUntilSettled(
    () => computeFromFacts(_id),
    // A concurrent refresh may insert it first: the re-read after this write then decides.
    (rows) => wroteFirst(CourseRoster.replaceOne({ _id }, { _id, rows }, { upsert: true })),
    (a, b) => a === b,
  );
}

const { refresh, underway } = coalesced(rebuild);

/** Brings the course's packed roster up to date with its facts (held back until `after`, when given); resolves once it is stored. */
export async function refreshCourseRoster(course: Id, after?: Promise<unknown>): Promise<void> {
  await refresh(String(course), after);
}

/** Hook for a change of a trainee's roster columns, after their RosterTrainee rows: every course they applied to. */
export async function refreshTraineeRosters(trainee: Id): Promise<void> {
  const enrollments = await Enrollment.find({ trainee }, { course: 1 }).lean();
  for (const course of new Set(enrollments.map((e) => String(e.course)))) await refresh(course);
}

/**
 * The stored rows of the courses read lately, held until any packed roster is written (the
 * `course-rosters` cache version, which every write changes before its writer goes on): a roster or
 * grid opened again reads nothing while no roster changed. Two hundred courses of 60 rows are a
 * few megabytes.
 */
const storedRowsOf = heldPerKey(
  () => readCacheVersion(courseRostersCacheKey),
  200,
  async (course) => (await CourseRoster.findById(course, { rows: 1 }).lean())?.rows,
);

/**
 * The course's roster rows in application order, from its packed roster (held while unchanged). A course
 * without one (data of an older version, or a refresh that failed) has it rebuilt here, once. A
 * refresh this process has underway for the course (an allocation run's, which follows its
 * answers, even one held back while the run answers a crowd) is waited for first, so staff see an
 * application the moment its applicant does; on another instance the page may lag that refresh by
 * the fraction of a second it takes, or by the run (at most two seconds, allocation/allocator.ts).
 * The same stored rows answer the same frozen entries (`lastParsed`): never change them.
 */
export async function courseRosterEntries(course: Types.ObjectId): Promise<readonly RosterEntry[]> {
  await underway(String(course))?.catch(() => undefined);
  return entriesOf(String(course), (await storedRowsOf(String(course))) ?? (await refresh(String(course))));
}

/** How the stored packed roster differs from its recomputation (the data check); null when it does not. */
export async function courseRosterDifference(course: Types.ObjectId): Promise<string | null> {
  const [wanted, stored] = await Promise.all([
    computeFromFacts(course, false),
    CourseRoster.findById(course, { rows: 1 }).lean(),
  ]);
  // A course nobody applied to has the empty roster its first read would build.
  if (!stored)
    return wanted === '[]'
      ? null
      : `it has no packed roster, but ${rowCount((JSON.parse(wanted) as StoredRow[]).length, 'application')}`;
  if (stored.rows === wanted) return null;
  const byEnrollment = (rows: string) =>
    new Map((JSON.parse(rows) as StoredRow[]).map((row) => [row[0], JSON.stringify(row)]));
  const [want, have] = [byEnrollment(wanted), byEnrollment(stored.rows)];
  const differing = [...new Set([...want.keys(), ...have.keys()])].filter((id) => want.get(id) !== have.get(id));
  return differing.length
    ? `its packed roster differs from its recomputation in ${rowCount(differing.length, 'row')}`
    : 'its packed roster lists its applications out of order';
}

const rowCount = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Builds the packed roster of every course that has none (the start-up backfill); returns how many were built. */
export async function fillMissingCourseRosters(): Promise<number> {
  const [courses, stored] = await Promise.all([
    Course.find({}, { _id: 1 }).lean(),
    CourseRoster.find({}, { _id: 1 }).lean(),
  ]);
  const present = new Set(stored.map((r) => String(r._id)));
  const missing = courses.filter((c) => !present.has(String(c._id)));
  for (const { _id } of missing) await refresh(String(_id));
  return missing.length;
}
