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

/**
 * How the instances tell each other of a new token: the change channel, which
 * server/db/held-cache-versions.ts hands in (models know nothing of it). Without it (MONGODB_URI
 * alone) every read goes to the database.
 */
export interface TokenNews {
  /** True while this instance hears every change the others tell. */
  readonly listening: boolean;
  /** Resolves true once every change told before the call has been heard here, false when not listening. */
  caughtUp(): Promise<boolean>;
  /** Tells the other instances that `key` has a new token; resolves once they are told. */
  tell(key: string): Promise<void>;
}

let news: TokenNews | undefined;
/** The tokens last read, while no change has been heard since: served after a round trip on the channel. */
let held: Map<string, string> | undefined;
/** Counts the changes heard, so that tokens read while one arrived are not held (the read may predate it). */
let changesHeard = 0;

/** The tokens held are stale, or may be: a change was heard, or the channel went down or came back. */
export function tokenChangeHeard(): void {
  held = undefined;
  changesHeard++;
}

export function hearTokenNewsFrom(source: TokenNews): void {
  news = source;
  tokenChangeHeard();
}

const nextBumps = new Map<string, Promise<void>>();

/**
 * Gives `key` a new token. Calls made while one is waiting to start share it: it starts after
 * every one of them, so it follows each caller's write, and a burst of writes (seats in a rush)
 * costs one write of the token per round trip rather than one per write.
 */
export function bumpCacheVersion(key: string): Promise<void> {
  let bump = nextBumps.get(key);
  if (!bump) {
    bump = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      nextBumps.delete(key);
      // Two first-ever bumps may race to insert the document: the other one wrote a fresh token.
      await wroteFirst(
        CacheVersion.updateOne({ _id: key }, { $set: { token: crypto.randomUUID() } }, { upsert: true }),
      );
      tokenChangeHeard();
      await news?.tell(key);
    });
    nextBumps.set(key, bump);
  }
  return bump;
}

/**
 * The tokens held, once every change told before the call has been heard, or undefined: none are
 * held, one was heard meanwhile, or the channel is down.
 */
async function heldTokens(): Promise<Map<string, string> | undefined> {
  if (!held || !news?.listening) return undefined;
  return (await news.caughtUp()) ? held : undefined;
}

async function readFromDatabase(): Promise<Map<string, string>> {
  const mark = changesHeard;
  const found = await CacheVersion.find({}, { token: 1 }).lean();
  const tokens = new Map(found.map((d) => [d._id, d.token]));
  if (news?.listening && changesHeard === mark) held = tokens;
  return tokens;
}

let nextRead: Promise<Map<string, string>> | undefined;

/**
 * Every token, in one read: the collection holds one small document per cache (a handful), so the
 * versions a page needs, asked for in the same turn of the event loop, cost one query between
 * them, or none while the change channel listens and no change was heard since the last. The read
 * starts after every call that shares it.
 */
function readTokens(): Promise<Map<string, string>> {
  nextRead ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    nextRead = undefined;
    return (await heldTokens()) ?? readFromDatabase();
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
