/** True for a unique-index violation: code 11000 as MongoDB reports it, or the embedded engine's word for one on an update. */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === 11000) return true;
  // The embedded engine answers an insert refused by a unique index with 11000, as MongoDB does,
  // but an update refused by one with PostgreSQL's own error (SQLSTATE 23505) under a generic code.
  return typeof message === 'string' && message.includes('(SQLSTATE 23505)');
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
