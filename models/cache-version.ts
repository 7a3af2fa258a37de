import crypto from 'node:crypto';
import { model, Schema } from 'mongoose';
import { wroteFirst } from '../server/lib/duplicate-key';

/**
 * A token that changes whenever the facts behind an in-process cache change. Every app instance
 * reads it by `_id` before serving from its cache, so instances stay coherent. A change writes a
 * new random token (an overwrite, never an increment): of two racing writes either one will do.
 */
const cacheVersionSchema = new Schema(
  { _id: { type: String, required: true }, token: { type: String, required: true } },
  { versionKey: false },
);

export const CacheVersion = model('CacheVersion', cacheVersionSchema);

export async function bumpCacheVersion(key: string): Promise<void> {
  // Two first-ever bumps may race to insert the document: the other one wrote a fresh token.
  await wroteFirst(CacheVersion.updateOne({ _id: key }, { $set: { token: crypto.randomUUID() } }, { upsert: true }));
}

let nextRead: Promise<Map<string, string>> | undefined;

/**
 * Every token, in one read: the collection holds one small document per cache (a handful), so the
 * versions a page needs, asked for in the same turn of the event loop, cost one query between
 * them. The read starts after every call that shares it.
 */
function readTokens(): Promise<Map<string, string>> {
  nextRead ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    nextRead = undefined;
    const found = await CacheVersion.find({}, { token: 1 }).lean();
    return new Map(found.map((d) => [d._id, d.token]));
  });
  return nextRead;
}

/** The current token; a missing document gets one, so a fresh database never matches an old cache. */
export async function readCacheVersion(key: string): Promise<string> {
  const token = (await readTokens()).get(key);
  if (token) return token;
  await bumpCacheVersion(key);
  return readCacheVersion(key);
}
