import { Types } from 'mongoose';
import { Enrollment } from '../../../models/enrollment';
import { RosterTrainee } from '../../../models/roster-trainee';
import { User, type UserDoc } from '../../../models/user';
import { wroteFirst } from '../../lib/duplicate-key';
import { findByIds } from '../../lib/find-by-ids';
import { insertMissing } from '../../lib/insert-missing';
import { copyUntilSettled } from '../../lib/settled-copy';

type Id = Types.ObjectId | string;

/** What the roster and the attendance grid show of a trainee (models/roster-trainee.ts). */
export interface TraineeColumns {
  name: string;
  email: string;
  category: string;
  affiliation: string;
}

export const traineeColumnsProjection = { name: 1, email: 1, 'trainee.category': 1, 'trainee.affiliation': 1 };

export function traineeColumnsOf(user: Pick<UserDoc, 'name' | 'email' | 'trainee'> | null): TraineeColumns {
  return {
    name: user?.name ?? '',
    email: user?.email ?? '',
    category: user?.trainee?.category ?? '',
    affiliation: user?.trainee?.affiliation ?? '',
  };
}

export const sameColumns = (a: TraineeColumns, b: TraineeColumns) =>
  a.name === b.name && a.email === b.email && a.category === b.category && a.affiliation === b.affiliation;

type RowOwner = { _id: Types.ObjectId; course: Types.ObjectId };

/**
 * Copies each trainee's current columns into the roster rows of the given enrollments of theirs:
 * the accounts read by `_id` in parallel, the rows in one write, then re-read until no account
 * changed meanwhile. Returns the columns written, by trainee.
 */
async function copyColumns(rowsOf: ReadonlyMap<string, readonly RowOwner[]>): Promise<Map<string, TraineeColumns>> {
  const trainees = [...rowsOf.keys()];
  return copyUntilSettled(
    async () => {
      const users = await findByIds(User, trainees, traineeColumnsProjection);
      return new Map(trainees.map((t) => [t, traineeColumnsOf(users.get(t) ?? null)]));
    },
    (columns) =>
      // A concurrent copy may insert a row first: the re-read after this write then decides.
      wroteFirst(
        RosterTrainee.bulkWrite(
          trainees.flatMap((t) =>
            (rowsOf.get(t) ?? []).map((e) => ({
              replaceOne: {
                filter: { _id: e._id },
                replacement: { _id: e._id, course: e.course, trainee: new Types.ObjectId(t), ...columns.get(t)! },
                upsert: true,
              },
            })),
          ),
          { ordered: false, throwOnValidationError: true },
        ),
      ),
    (a, b) => trainees.every((t) => sameColumns(a.get(t)!, b.get(t)!)),
  );
}

/** Hook for a change of a trainee's name, email, category or affiliation: every roster row of theirs follows. */
export async function refreshRosterTrainee(trainee: Id): Promise<void> {
  const enrollments = await Enrollment.find({ trainee }, { course: 1 }).lean();
  if (enrollments.length) await copyColumns(new Map([[String(trainee), enrollments]]));
}

/**
 * The rows the given enrollments lack, from one read of each trainee's account, inserted only
 * where still missing. The enrollments were read before the accounts, so one read is enough: a
 * profile saved after it copies itself over every enrollment its trainee has by then (a row it
 * writes first refuses this insert, and one inserted first it replaces). Returns the columns read,
 * by trainee.
 */
async function insertMissingColumns(
  rowsOf: ReadonlyMap<string, readonly RowOwner[]>,
): Promise<Map<string, TraineeColumns>> {
  const users = await findByIds(User, [...rowsOf.keys()], traineeColumnsProjection);
  const columns = new Map([...rowsOf.keys()].map((t) => [t, traineeColumnsOf(users.get(t) ?? null)]));
  await insertMissing(
    RosterTrainee,
    [...rowsOf].flatMap(([t, rows]) =>
      rows.map((e) => ({ _id: e._id, course: e.course, trainee: new Types.ObjectId(t), ...columns.get(t)! })),
    ),
  );
  return columns;
}

/**
 * The trainee columns of a course's enrollments, by enrollment id, read by one equality on the
 * course. An enrollment without its row yet (an application made since the last look) gets it
 * copied from the account here (the packed roster's refresh re-reads the rows and settles on what
 * is stored); with `copyMissing` false it is read from the account and nothing is written (the
 * data check).
 */
export async function rosterTrainees(
  course: Types.ObjectId,
  enrollments: readonly (RowOwner & { trainee: Types.ObjectId })[],
  copyMissing = true,
): Promise<Map<string, TraineeColumns>> {
  const columns = new Map<string, TraineeColumns>();
  for (const { _id, name, email, category, affiliation } of await RosterTrainee.find({ course }).lean())
    columns.set(String(_id), { name, email, category, affiliation });
  const missing = new Map<string, RowOwner[]>();
  for (const e of enrollments)
    if (!columns.has(String(e._id))) missing.set(String(e.trainee), [...(missing.get(String(e.trainee)) ?? []), e]);
  if (missing.size === 0) return columns;
  const copied = copyMissing
    ? await insertMissingColumns(missing)
    : new Map(
        [...(await findByIds(User, [...missing.keys()], traineeColumnsProjection))].map(
          ([t, user]) => [t, traineeColumnsOf(user)] as const,
        ),
      );
  for (const [trainee, rows] of missing)
    for (const e of rows) columns.set(String(e._id), copied.get(trainee) ?? traineeColumnsOf(null));
  return columns;
}

/**
 * Gives every enrollment without its roster row one, from one read of all trainees (the start-up
 * backfill; bulk writers that bypass the services). Only inserts, enrollments read before the
 * accounts: a profile saved after that read copies itself over every enrollment its trainee has
 * by then, so an insert that lost the race is overwritten and one that came second is refused by
 * the `_id`. Safe to run again and on two instances at once. Returns the rows inserted.
 */
export async function fillMissingRosterTrainees(batch = 1_000): Promise<number> {
  const enrollments = await Enrollment.find({}, { course: 1, trainee: 1 }).lean();
  const trainees = await User.find({ role: 'trainee' }, traineeColumnsProjection).lean();
  const columns = new Map(trainees.map((u) => [String(u._id), traineeColumnsOf(u)]));
  const rows = enrollments.flatMap((e) => {
    const found = columns.get(String(e.trainee));
    return found ? [{ _id: e._id, course: e.course, trainee: e.trainee, ...found }] : [];
  });
  let inserted = 0;
  for (let i = 0; i < rows.length; i += batch) inserted += await insertMissing(RosterTrainee, rows.slice(i, i + batch));
  return inserted;
}
