import type { Types } from 'mongoose';
import { bumpCacheVersion } from '../../../models/cache-version';
import { Course, type CourseDoc } from '../../../models/course';
import { CourseFigures, type CourseFiguresDoc } from '../../../models/course-figures';
import { Enrollment, type EnrollmentStatus } from '../../../models/enrollment';
import { TraineeFacts } from '../../../models/trainee-facts';
import { University } from '../../../models/university';
import { User, type TraineeCategory, type UserDoc } from '../../../models/user';
import { wroteFirst } from '../../lib/duplicate-key';
import { findByIds } from '../../lib/find-by-ids';
import { coalesced } from '../../lib/coalesced-refresh';
import { copyUntilSettled } from '../../lib/settled-copy';
import { countedStatuses, countsInFigures, courseQuarter, type FigureFilter, type FigureRow } from '../figures/figures';

/**
 * The programme's figures are read from one CourseFigures document per course (models/course-figures.ts),
 * recomputed from that course and its enrollments — never adjusted by increments, which the engine
 * does not apply atomically — whenever an enrollment's status, the course, or a trainee's reported
 * facts change: the one table of fact changes (copies/changes.ts) calls `refreshCourseFigures` and
 * `refreshTraineeFigures`.
 *
 * Bulk writers that bypass the services (the benchmark's generator, the demo seed) call
 * `rebuildAllCourseFigures` afterwards; they may insert each trainee's `TraineeFacts`
 * (`traineeFactsOf(user)`), which spares the rebuild a read of every trainee.
 */

type Id = Types.ObjectId | string;
type CountedStatus = (typeof countedStatuses)[number];
export type Facts = { category?: string; pohangResident: boolean; reportingName?: string };

/**
 * How many times a refresh re-reads the facts after writing before it leaves a busy course to the
 * refreshes that are still to come: every change that kept it from settling runs one of its own
 * after that change, and the last of them settles, so giving up never leaves stale figures behind.
 */
const maxRounds = 10;
/** The cache version (models/cache-version.ts) overwritten after every refresh. */
export const figuresCacheKey = 'course-figures';

/** The profile facts that figures and named lists use (models/trainee-facts.ts). */
export function traineeFactsOf(user: Pick<UserDoc, 'name' | 'trainee'> | null): Facts {
  const t = user?.trainee;
  return {
    category: t?.category ?? undefined,
    pohangResident: !!t?.pohangResident,
    ...(t?.namedReportingConsent ? { reportingName: user?.name } : {}),
  };
}

/** Whether two copies of a trainee's facts say the same (a stored one may hold nulls where the other has nothing). */
export const sameFacts = (a: Facts, b: Partial<Record<keyof Facts, unknown>> | null | undefined) =>
  !!b &&
  (a.category ?? null) === (b.category ?? null) &&
  a.pohangResident === !!b.pohangResident &&
  (a.reportingName ?? null) === (b.reportingName ?? null);

async function currentFacts(traineeId: Id): Promise<Facts> {
  return traineeFactsOf(await User.findById(traineeId, { name: 1, trainee: 1 }).lean());
}

/**
 * Copies the trainee's current facts into their TraineeFacts document: of two concurrent copies
 * the later profile wins, whichever request writes last (server/lib/settled-copy.ts).
 */
function copyTraineeFacts(traineeId: Id): Promise<Facts> {
  return copyUntilSettled(
    () => currentFacts(traineeId),
    // A concurrent copy may insert it first: the re-read after this write then decides.
    (facts) => wroteFirst(TraineeFacts.replaceOne({ _id: traineeId }, facts, { upsert: true })),
    sameFacts,
  );
}

/**
 * The facts of each trainee by id, copied from the profile for those that have none yet; with
 * `copyMissing` false those are read from the profile and nothing is written (the data check).
 */
async function factsOf(trainees: readonly Types.ObjectId[], copyMissing = true): Promise<Map<string, Facts>> {
  const stored = new Map<string, Facts>();
  for (const [id, doc] of await findByIds(TraineeFacts, trainees)) {
    stored.set(id, {
      category: doc.category ?? undefined,
      pohangResident: doc.pohangResident,
      reportingName: doc.reportingName ?? undefined,
    });
  }
  const missing = trainees.map(String).filter((id) => !stored.has(id));
  for (const id of new Set(missing)) stored.set(id, await (copyMissing ? copyTraineeFacts(id) : currentFacts(id)));
  return stored;
}

/**
 * One counted enrollment as stored in `rows`:
 * [trainee id, status, category ('' if unknown), Pohang resident 0/1, completion decided at (ms, 0 if none), name ('' unless consenting)].
 */
type StoredRow = [string, CountedStatus, string, 0 | 1, number, string];

interface CountedEnrollment {
  _id: Types.ObjectId;
  trainee: Types.ObjectId;
  status: EnrollmentStatus;
  withdrawnAt?: Date | null;
  completion?: { decidedAt?: Date | null } | null;
}

/** Each counted status by equality (the engine then reads only this course's rows), less withdrawals before the start. */
async function countedEnrollments(course: Pick<CourseDoc, '_id' | 'startsAt'>): Promise<CountedEnrollment[]> {
  const projection = { trainee: 1, status: 1, withdrawnAt: 1, 'completion.decidedAt': 1 };
  const lists = await Promise.all(
    countedStatuses.map((status) =>
      Enrollment.find({ course: course._id, status }, projection).lean<CountedEnrollment[]>(),
    ),
  );
  return lists
    .flat()
    .filter((e) => countsInFigures(e, course.startsAt))
    .sort((a, b) => String(a._id).localeCompare(String(b._id)));
}

type Computed = Omit<CourseFiguresDoc, '_id'>;

/** The course's figures document as the facts say now, or null when it counts for no period. */
async function computeFromFacts(courseId: Id, copyMissingFacts = true): Promise<Computed | null> {
  const course = await Course.findById(courseId, {
    university: 1,
    code: 1,
    title: 1,
    track: 1,
    skills: 1,
    sessions: 1,
    status: 1,
    totalHours: 1,
    startsAt: 1,
  }).lean<CourseDoc>();
  const quarter = course && courseQuarter(course);
  if (!course || !quarter) return null;
  const enrollments = await countedEnrollments(course);
  if (enrollments.length === 0) return null;
  const [university, facts] = await Promise.all([
    University.findById(course.university, { code: 1 }).lean(),
    factsOf(
      enrollments.map((e) => e.trainee),
      copyMissingFacts,
    ),
  ]);
  const rows = enrollments.map((e): StoredRow => {
    const traineeFacts = facts.get(String(e.trainee));
    return [
      String(e.trainee),
      e.status as CountedStatus,
      traineeFacts?.category ?? '',
      traineeFacts?.pohangResident ? 1 : 0,
      (e.status === 'completed' && e.completion?.decidedAt?.getTime()) || 0,
      traineeFacts?.reportingName ?? '',
    ];
  });
  return {
    university: course.university,
    universityCode: university?.code ?? '',
    track: course.track,
    skills: (course.skills ?? []).map(String),
    quarter,
    code: course.code,
    title: { ko: course.title.ko, en: course.title.en },
    hours: course.totalHours ?? 0,
    rows: JSON.stringify(rows),
  };
}

function sameDocument(a: Computed | null, b: CourseFiguresDoc | null): boolean {
  if (!a || !b) return a === b;
  const normal = (d: Computed) =>
    JSON.stringify([
      String(d.university),
      d.universityCode,
      d.track,
      d.skills ?? [],
      d.quarter,
      d.code,
      d.title.ko,
      d.title.en,
      d.hours,
      d.rows,
    ]);
  return normal(a) === normal(b);
}

/**
 * Whether the course's stored figures are what `computeFromFacts` gives now (the data check,
 * server/services/integrity/): read only, a trainee without stored facts is read from the profile.
 */
export async function courseFiguresCurrent(courseId: Id): Promise<boolean> {
  const [wanted, stored] = await Promise.all([
    computeFromFacts(courseId, false),
    CourseFigures.findById(courseId).lean<CourseFiguresDoc>(),
  ]);
  return sameDocument(wanted, stored);
}

/**
 * Recomputes the course's figures from the facts until what is stored matches them: a refresh
 * that read older facts and wrote last is corrected by the re-read that follows every write.
 */
async function recompute(courseId: string): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const [wanted, stored] = await Promise.all([
      computeFromFacts(courseId),
      CourseFigures.findById(courseId).lean<CourseFiguresDoc>(),
    ]);
    if (sameDocument(wanted, stored)) {
      // Also when nothing was written here: a concurrent refresh may have written without bumping yet.
      await bumpCacheVersion(figuresCacheKey);
      return;
    }
    // A concurrent refresh may insert it first: the next round compares again.
    await wroteFirst(
      wanted
        ? CourseFigures.replaceOne({ _id: courseId }, wanted, { upsert: true })
        : CourseFigures.deleteOne({ _id: courseId }),
    );
  }
  await bumpCacheVersion(figuresCacheKey);
}

/**
 * Brings the course's figures up to date with its facts; resolves once they are stored. A burst of
 * changes to one course costs two refreshes, not one each (server/lib/coalesced-refresh.ts).
 */
const { refresh: refreshFigures } = coalesced(recompute);
export const refreshCourseFigures = (courseId: Id, after?: Promise<unknown>): Promise<void> =>
  refreshFigures(String(courseId), after);

/** Hook for a trainee's profile change: their facts are copied, and the courses that count them refreshed. */
export async function refreshTraineeFigures(traineeId: Id): Promise<void> {
  await copyTraineeFacts(traineeId);
  const enrollments = await Enrollment.find({ trainee: traineeId }, { course: 1, status: 1 }).lean();
  const counts = (status: EnrollmentStatus) => (countedStatuses as readonly string[]).includes(status);
  for (const course of new Set(enrollments.filter((e) => counts(e.status)).map((e) => String(e.course))))
    await refreshCourseFigures(course);
}

/** Recomputes every course's figures, a few courses at a time: after bulk inserts that bypassed the services. */
export async function rebuildAllCourseFigures(parallel = 4): Promise<number> {
  const ids = (await Course.find({}, { _id: 1 }).lean()).map((c) => c._id);
  let next = 0;
  const worker = async () => {
    for (let id = ids[next++]; id; id = ids[next++]) await refreshCourseFigures(id);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids.length;
}

/** The figure rows of one stored course, with the course's fields filled in. */
export function figureRowsOf(doc: CourseFiguresDoc): FigureRow[] {
  const courseTitle = { ko: doc.title.ko, en: doc.title.en };
  return (JSON.parse(doc.rows) as StoredRow[]).map(([traineeId, status, category, resident, decidedAt, name]) => ({
    traineeId,
    traineeName: name,
    consent: name !== '',
    university: doc.universityCode,
    courseId: String(doc._id),
    courseCode: doc.code,
    courseTitle,
    track: doc.track,
    skills: doc.skills ?? [],
    category: (category || 'unknown') as TraineeCategory | 'unknown',
    resident: resident === 1,
    status,
    hours: doc.hours,
    quarter: doc.quarter,
    completedAt: decidedAt ? new Date(decidedAt) : undefined,
  }));
}

/** The stored courses matching a filter, each an equality the engine applies itself. */
export function courseFiguresQuery(filter: FigureFilter) {
  const query: Record<string, string> = {};
  if (filter.quarter) query.quarter = filter.quarter;
  if (filter.universityId) query.university = filter.universityId;
  if (filter.track) query.track = filter.track;
  if (filter.courseId) query._id = filter.courseId;
  return CourseFigures.find(query);
}

/** The counted enrollments matching a filter, joined with their course, trainee and university. */
export async function loadFigureRows(filter: FigureFilter): Promise<FigureRow[]> {
  return (await courseFiguresQuery(filter).lean<CourseFiguresDoc[]>()).flatMap(figureRowsOf);
}
