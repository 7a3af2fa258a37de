/** True for a unique-index violation (code 11000), which the engine reports like MongoDB. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * Runs a write that a unique index guards. True when it wrote; false when the index refused it,
 * which means another request or instance wrote the same key first. Any other error is thrown.
 */
export async function wroteFirst(write: PromiseLike<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}
