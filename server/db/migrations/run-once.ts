import { JobClaim } from '../../../models/job-claim';
import { wroteFirst } from '../../lib/duplicate-key';

/** A start-up migration: its name is the JobClaim that records it finished; `migrate` reports how many records it changed. */
export interface Migration {
  name: string;
  migrate: () => Promise<number>;
}

/**
 * Runs a data migration at start until it has finished once, which its JobClaim records: a
 * migration typically scans a whole collection for what earlier versions left out, and a finished
 * one never scans again. It must be safe to run twice (two instances starting together both may).
 * Returns what `migrate` reports (how many records it changed), 0 when it had already finished.
 */
export async function runOnce(name: string, migrate: () => Promise<number>): Promise<number> {
  if (await JobClaim.exists({ _id: name, finishedAt: { $exists: true } })) return 0;
  const changed = await migrate();
  const now = new Date();
  // Two instances finishing together both upsert: the engine's upsert is no atomic insert, and the
  // one that loses the insert sees a duplicate key, which means the other recorded it.
  await wroteFirst(
    JobClaim.replaceOne(
      { _id: name },
      { _id: name, job: name, period: new Date(0), instance: 'start', claimedAt: now, finishedAt: now },
      { upsert: true },
    ),
  );
  return changed;
}
