/**
 * How many times a copy re-reads its source after writing before it leaves a busy source to the
 * copies still to come: every change that kept it from settling runs a copy of its own after that
 * change, and the last of them settles, so giving up never leaves a stale copy behind.
 */
const maxRounds = 10;

/**
 * Keeps a read model equal to the facts it is copied from without relying on atomic updates,
 * which the engine does not have: writes what `read` returns, then reads again, and writes again
 * while the facts changed in between. Of two concurrent copies, the one that writes last re-reads
 * after its write and so sees any change the other one missed. Returns what was written last.
 */
export async function copyUntilSettled<T>(
  read: () => Promise<T>,
  write: (facts: T) => Promise<unknown>,
  same: (a: T, b: T) => boolean,
): Promise<T> {
  let facts = await read();
  for (let round = 0; round < maxRounds; round++) {
    await write(facts);
    const after = await read();
    if (same(facts, after)) return facts;
    facts = after;
  }
  return facts;
}
