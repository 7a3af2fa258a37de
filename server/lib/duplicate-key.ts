/** True for a unique-index violation (code 11000), which the engine reports like MongoDB. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
