import { Types } from 'mongoose';
import { Attendance, type AttendanceStatus } from '../../../models/attendance';
import { AttendanceSheet, attendanceSheetsCacheKey } from '../../../models/attendance-sheet';
import { readCacheVersion } from '../../../models/cache-version';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { wroteFirst } from '../../lib/duplicate-key';
import { heldPerKey } from '../../lib/held-per-key';
import { insertMissing } from '../../lib/insert-missing';
import { copyUntilSettled } from '../../lib/settled-copy';

type Id = Types.ObjectId | string;

/** One enrollment's marks by session id. */
export type EnrollmentMarks = Map<string, { status: AttendanceStatus; remark: string }>;
/** Marks by enrollment id, then by session id. */
export type Marks = Map<string, EnrollmentMarks>;

/** One mark as the copies store it (a sheet, a course's roster). */
export type SheetMark = [session: string, status: AttendanceStatus, remark: string];

/** The marks themselves, read by course or by enrollment: equalities the engine serves from an index. */
export async function marksOf(filter: { course: Types.ObjectId } | { enrollment: Types.ObjectId }): Promise<Marks> {
  const marks: Marks = new Map();
  for (const a of await Attendance.find(filter, { enrollment: 1, session: 1, status: 1, remark: 1 }).lean()) {
    const row: EnrollmentMarks = marks.get(String(a.enrollment)) ?? new Map();
    row.set(String(a.session), { status: a.status as AttendanceStatus, remark: a.remark ?? '' });
    marks.set(String(a.enrollment), row);
  }
  return marks;
}

/** One enrollment's marks as the copies store them, in session order so that equal marks encode equally. */
export function storedMarks(row: EnrollmentMarks | undefined): SheetMark[] {
  return [...(row?.entries() ?? [])]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([session, m]) => [session, m.status, m.remark]);
}

/** Marks as `storedMarks` gave them, by session id again. */
export function marksFromStored(rows: readonly SheetMark[]): EnrollmentMarks {
  return new Map(rows.map(([session, status, remark]) => [session, { status, remark }]));
}

const encode = (row: EnrollmentMarks | undefined) => JSON.stringify(storedMarks(row));

/**
 * The marks of a course's or a trainee's enrollments, from their sheets (models/attendance-sheet.ts):
 * one small document per enrollment instead of one per mark.
 */
export async function sheetMarks(filter: { course: Types.ObjectId } | { trainee: Types.ObjectId }): Promise<Marks> {
  const marks: Marks = new Map();
  for (const sheet of await AttendanceSheet.find(filter, { marks: 1 }).lean()) {
    marks.set(String(sheet._id), marksFromStored(JSON.parse(sheet.marks) as SheetMark[]));
  }
  return marks;
}

/** Trainees whose marks are held: each /me shows them, and a save of marks anywhere changes the `attendance-sheets` version. */
const heldTraineeMarks = heldPerKey(
  () => readCacheVersion(attendanceSheetsCacheKey),
  1_000,
  (trainee) => sheetMarks({ trainee: new Types.ObjectId(trainee) }),
);

/** A trainee's marks from their sheets, held while no sheet is written (shared between requests: not to be changed). */
export function traineeSheetMarks(trainee: Id): Promise<Marks> {
  return heldTraineeMarks(String(trainee));
}

type SheetOwner = { _id: Types.ObjectId; trainee: Types.ObjectId };

const sameSheets = (a: Map<string, string>, b: Map<string, string>) =>
  [...a.entries()].every(([id, marks]) => b.get(id) === marks);

/**
 * Hook for every write of attendance marks: rewrites the sheets of the given enrollments of one
 * course from their marks (by enrollment for one, by course for several), until a re-read after
 * the write finds the marks unchanged. Two staff saving at once, or a scan racing a tap, each
 * write and re-read, so the writer that finishes last leaves the sheet as the marks are.
 */
export async function refreshAttendanceSheets(course: Id, enrollments: readonly SheetOwner[]): Promise<void> {
  if (enrollments.length === 0) return;
  const courseId = new Types.ObjectId(String(course));
  const filter = enrollments.length === 1 ? { enrollment: enrollments[0]!._id } : { course: courseId };
  const read = async () => {
    const marks = await marksOf(filter);
    return new Map(enrollments.map((e) => [String(e._id), encode(marks.get(String(e._id)))]));
  };
  const trainees = new Map(enrollments.map((e) => [String(e._id), e.trainee]));
  await copyUntilSettled(
    read,
    (sheets) =>
      // A concurrent refresh may insert a sheet first: the re-read after this write then decides.
      wroteFirst(
        AttendanceSheet.bulkWrite(
          [...sheets.entries()].map(([id, marks]) => ({
            replaceOne: {
              filter: { _id: new Types.ObjectId(id) },
              replacement: { _id: new Types.ObjectId(id), course: courseId, trainee: trainees.get(id)!, marks },
              upsert: true,
            },
          })),
          { ordered: false, throwOnValidationError: true },
        ),
      ),
    sameSheets,
  );
}

/** An enrollment of a course whose sheet does not say what its marks say. */
export interface StaleSheet {
  enrollment: Types.ObjectId;
  /** The sheet's trainee, or the enrollment's when it has no sheet; absent when neither exists. */
  trainee?: Types.ObjectId;
  /** How many marks the sheet holds (null: no sheet) and how many Attendance documents there are. */
  sheetMarks: number | null;
  marks: number;
}

/**
 * The course's sheets that differ from its marks, read by the course equality on both sides (the
 * data check, server/services/integrity/). No sheet is right for an enrollment without marks.
 */
export async function staleSheets(course: Types.ObjectId): Promise<StaleSheet[]> {
  const [marks, sheets] = await Promise.all([
    marksOf({ course }),
    AttendanceSheet.find({ course }, { trainee: 1, marks: 1 }).lean(),
  ]);
  const stored = new Map(sheets.map((s) => [String(s._id), s]));
  const stale: StaleSheet[] = [];
  for (const id of new Set([...marks.keys(), ...stored.keys()])) {
    const sheet = stored.get(id);
    const wanted = encode(marks.get(id));
    if (sheet ? sheet.marks === wanted : !marks.has(id)) continue;
    const trainee = sheet?.trainee ?? (await Enrollment.findById(id, { trainee: 1 }).lean())?.trainee;
    stale.push({
      enrollment: new Types.ObjectId(id),
      trainee: trainee ?? undefined,
      sheetMarks: sheet ? (JSON.parse(sheet.marks) as SheetMark[]).length : null,
      marks: marks.get(id)?.size ?? 0,
    });
  }
  return stale;
}

/**
 * Gives every enrollment with marks but no sheet its sheet, course by course (the start-up
 * backfill; bulk writers that bypass the services). Only inserts: a sheet that exists is kept
 * current by the writes of marks, and a write racing this one rewrites the sheet after its own
 * write, so an insert that lost the race is overwritten and one that came second is refused by
 * the `_id`. Safe to run again and on two instances at once. Returns the sheets inserted.
 */
export async function fillMissingAttendanceSheets(): Promise<number> {
  let inserted = 0;
  for (const { _id: course } of await Course.find({}, { _id: 1 }).lean()) {
    const enrollments = await Enrollment.find({ course }, { trainee: 1 }).lean();
    const marks = await marksOf({ course });
    const sheets = enrollments
      .filter((e) => marks.has(String(e._id)))
      .map((e) => ({ _id: e._id, course, trainee: e.trainee, marks: encode(marks.get(String(e._id))) }));
    inserted += await insertMissing(AttendanceSheet, sheets);
  }
  return inserted;
}
