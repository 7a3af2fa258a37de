import { StaleCopy } from '../../../models/stale-copy';
import { insertMissing } from '../../lib/insert-missing';
import { refreshCourseFigures } from '../city/course-figures';

/** How each copy that can be marked stale is rebuilt from its facts, by key. */
const refreshers = {
  'course-figures': refreshCourseFigures,
} satisfies Record<string, (key: string) => Promise<void>>;

export type CopyName = keyof typeof refreshers;

/** A stale mark is given up after this many failed refreshes (check-data then reports the copy). */
const maxTries = 5;

const markId = (copy: CopyName, key: string) => `${copy}:${key}`;

/** Records, before the facts change, that these copies must be rebuilt after them. */
export async function markStale(copy: CopyName, keys: readonly string[]): Promise<void> {
  const since = new Date();
  await insertMissing(
    StaleCopy,
    keys.map((key) => ({ _id: markId(copy, key), copy, key, since, tries: 0 })),
  );
}

/** Rebuilds the copy and removes its mark; a failure counts a try and leaves the mark for the next pass. */
export async function refreshStale(copy: CopyName, key: string): Promise<void> {
  try {
    await refreshers[copy](key);
  } catch (err) {
    await StaleCopy.updateOne({ _id: markId(copy, key) }, { $inc: { tries: 1 } });
    throw err;
  }
  await StaleCopy.deleteOne({ _id: markId(copy, key) });
}

/**
 * Rebuilds every copy still marked stale (a refresh a crash or an error cut off), each at most
 * `maxTries` times over all passes. Returns how many were rebuilt.
 */
export async function refreshAllStale(): Promise<number> {
  let done = 0;
  for (const mark of await StaleCopy.find().lean()) {
    if (mark.tries >= maxTries || !(mark.copy in refreshers)) continue;
    await refreshStale(mark.copy as CopyName, mark.key).then(
      () => done++,
      (err: unknown) => process.emitWarning(`refreshing ${mark._id} failed: ${String(err)}`),
    );
  }
  return done;
}
