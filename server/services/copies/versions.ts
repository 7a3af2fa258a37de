import { CopyVersion } from '../../../models/copy-version';
import { JobClaim } from '../../../models/job-claim';
import { wroteFirst } from '../../lib/duplicate-key';
import { fillMissingAttendanceSheets } from './attendance-sheets';
import { rebuildAllCourseFigures } from './course-figures';
import { fillMissingCourseRosters } from './course-roster';
import { fillMissingRosterTrainees } from './roster-trainees';

/** A kind of stored copy, with the schema version its code writes and how every copy of it is brought to that version. */
export interface CopyKind {
  name: string;
  /** Raised whenever what the kind stores, or how it is derived, changes: its copies are rebuilt at the next start. */
  version: number;
  /** Brings every copy of the kind to `version` from the facts; safe to run on two instances at once. Returns how many it wrote. */
  rebuild: () => Promise<number>;
  /** The start-time migration that brought a database to a version before versions were stored here. */
  legacy?: { claim: string; version: number };
}

/**
 * The stored copies (copies/README.md). Version 1 of the roster's three read models is what their
 * writers store, so bringing a database to it is filling in the missing ones; course figures are
 * at version 2 (`skills` on every document, and no figures a failed refresh left behind).
 */
export const copyKinds: readonly CopyKind[] = [
  {
    name: 'attendance-sheets',
    version: 1,
    rebuild: fillMissingAttendanceSheets,
    legacy: { claim: 'attendance-sheets-backfill', version: 1 },
  },
  {
    name: 'roster-trainees',
    version: 1,
    rebuild: fillMissingRosterTrainees,
    legacy: { claim: 'roster-trainees-backfill', version: 1 },
  },
  // Computed from the two above, so listed after them.
  {
    name: 'course-rosters',
    version: 1,
    rebuild: fillMissingCourseRosters,
  },
  {
    name: 'course-figures',
    version: 2,
    rebuild: rebuildAllCourseFigures,
    legacy: { claim: 'course-figures-v2', version: 2 },
  },
];

async function record(name: string, version: number): Promise<void> {
  // Two instances starting together both record it: the engine's upsert is no atomic insert, and
  // the one that loses the insert sees a duplicate key, which means the other recorded it.
  await wroteFirst(
    CopyVersion.replaceOne({ _id: name }, { _id: name, version, rebuiltAt: new Date() }, { upsert: true }),
  );
}

/** The version a database reached by a start-time migration before versions were stored (recorded now, so asked once). */
async function legacyVersion(kind: CopyKind): Promise<number | undefined> {
  if (!kind.legacy || !(await JobClaim.exists({ _id: kind.legacy.claim, finishedAt: { $exists: true } })))
    return undefined;
  await record(kind.name, kind.legacy.version);
  return kind.legacy.version;
}

/**
 * At start (DESIGN.md, "A copy whose schema version is older is rebuilt at start"): every kind of
 * copy whose stored version is older than the one its code declares, or that has none, is rebuilt
 * from the facts, and its version recorded. One read when every kind is current. Returns, for each
 * kind rebuilt, what its rebuild wrote.
 */
export async function rebuildOutdatedCopies(kinds: readonly CopyKind[] = copyKinds): Promise<Record<string, number>> {
  const stored = new Map((await CopyVersion.find().lean()).map((v) => [v._id, v.version]));
  const rebuilt: Record<string, number> = {};
  for (const kind of kinds) {
    const version = stored.get(kind.name) ?? (await legacyVersion(kind));
    if (version !== undefined && version >= kind.version) continue;
    rebuilt[kind.name] = await kind.rebuild();
    await record(kind.name, kind.version);
  }
  return rebuilt;
}
