import { BoundedMemory } from './bounded-memory';
import { VersionedCache } from './versioned-cache';

/**
 * Values read per key (a trainee, a course) and held, the most recently used `capacity` of them,
 * until the version token `readToken` reads changes (a cache version of models/cache-version.ts
 * that every write of the values' collection changes before its writer goes on). A value read
 * while the token changed is held under the old token only, which no later request asks for.
 * What `read` returns is shared between requests: never change it.
 */
export function heldPerKey<V>(
  readToken: () => Promise<string>,
  capacity: number,
  read: (key: string) => Promise<V>,
): (key: string) => Promise<V> {
  const held = new VersionedCache(readToken, () => Promise.resolve(new BoundedMemory<string, { value: V }>(capacity)));
  return async (key) => {
    const memory = await held.get();
    const kept = memory.get(key, 0);
    if (kept) return kept.value;
    const value = await read(key);
    memory.set(key, { value }, Infinity);
    return value;
  };
}
