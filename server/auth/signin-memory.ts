import type { SessionData } from 'express-session';
import type { Types } from 'mongoose';
import { changeChannel } from '../db/change-channel';
import { BoundedMemory } from '../lib/bounded-memory';
import { clock } from '../lib/clock';
import type { Actor } from './actor';
import type { ShownNotice } from '../../models/notification';

/*
 * What a signed-in request needs before its page, held in process: its session (by id), its
 * user's Actor and unread-notice count (by user id). The database stays the truth; a copy is
 * served only while this instance hears every change through the change channel
 * (server/db/change-channel.ts): writers call userChanged() or the session store reports its own
 * writes, which drops the copies here at once and on every other instance when the message
 * arrives, which a request with a session waits for (middleware/changes-caught-up.ts) before it
 * is served. While the channel is down (or there is none: MONGODB_URI without the engine's
 * PostgreSQL) nothing is served from here and every request reads as before; whatever was held is
 * dropped when the channel goes down and again when it comes back, as messages may have been
 * missed in between.
 */

type Id = Types.ObjectId | string;

/** Sessions, actors and unread counts held, each: a few hundred bytes apiece, a few megabytes in all. */
const capacity = 10_000;

/** A session as the store returns it: its data, and when connect-mongo last wrote it (for `touchAfter`). */
export type StoredSession = SessionData & { lastModified?: Date };

interface HeldSession {
  data: StoredSession;
  /** Its signed-in user, so that a change to the user drops it. */
  user?: string;
}

const sessions = new BoundedMemory<string, HeldSession>(capacity);
const actors = new BoundedMemory<string, Actor>(capacity);
const unreadCounts = new BoundedMemory<string, number>(capacity);
/** The notices /me and /notifications show, of the users seen last: twenty apiece, so fewer users. */
const noticeLists = new BoundedMemory<string, readonly ShownNotice[]>(1_000);

/**
 * Counts the copies dropped, and remembers which session or user the latest drops were for. A
 * value read from the database is kept only if nothing of its own was dropped while it was read
 * (the change that dropped it may have come after the read): a sign-in or a notice elsewhere does
 * not stop another user's copy from being kept, as one counter for everyone did under load.
 */
let drops = 0;
/** The last drop of each key (`s:` session, `a:` user's account, `n:` user's notices), the oldest forgotten first. */
const lastDrops = new Map<string, number>();
const rememberedDrops = 20_000;
/** A mark from before this may have missed a drop that is no longer remembered, or a drop of everything. */
let unknownBefore = 0;

function noteDrop(...keys: string[]): void {
  drops++;
  for (const key of keys) {
    lastDrops.delete(key);
    lastDrops.set(key, drops);
  }
  while (lastDrops.size > rememberedDrops) {
    const [oldest, at] = lastDrops.entries().next().value!;
    lastDrops.delete(oldest);
    unknownBefore = Math.max(unknownBefore, at);
  }
}

/** Whether any of `keys` was dropped after `mark` was taken. */
function droppedSince(mark: number, ...keys: string[]): boolean {
  return unknownBefore > mark || keys.some((key) => (lastDrops.get(key) ?? 0) > mark);
}

/**
 * Until when a copy made for this session may be held: no longer than the session would be
 * found in the store (its `expires`), nor past its absolute or idle limit (session-lifetime.ts,
 * which still checks them on every request, so they hold exactly whether or not a copy is served).
 */
function heldUntil(session: SessionData): number {
  const expires = session.cookie?.expires ? new Date(session.cookie.expires).getTime() : 0;
  const life = session.lifetime;
  return life ? Math.min(expires, life.until, life.seenAt + life.idleMs) : expires;
}

function signedInUser(session: SessionData): string | undefined {
  const user = (session as { passport?: { user?: unknown } }).passport?.user;
  return typeof user === 'string' ? user : undefined;
}

/** From `memory`, or `read` and held (an undefined answer is not held). */
async function remembered<T>(
  memory: BoundedMemory<string, NonNullable<T>>,
  key: string,
  dropKey: string,
  until: number,
  read: () => Promise<T>,
): Promise<T> {
  if (!changeChannel.listening) return read();
  const held = memory.get(key, clock.now());
  if (held !== undefined) return held;
  const mark = drops;
  const value = await read();
  if (value !== undefined && value !== null && !droppedSince(mark, dropKey) && changeChannel.listening)
    memory.set(key, value, until);
  return value;
}

/** The signed-in user's Actor, from memory or `read`; `session` bounds how long a copy is held. */
export async function rememberedActor(
  session: SessionData,
  id: string,
  read: (id: string) => Promise<Actor | undefined>,
): Promise<Actor | undefined> {
  const actor = await remembered(actors, id, `a:${id}`, heldUntil(session), () => read(id));
  return actor && { ...actor };
}

/** The user's unread-notice count, from memory or `read`. */
export async function rememberedUnreadCount(
  session: SessionData,
  id: string,
  read: (id: string) => Promise<number>,
): Promise<number> {
  return remembered(unreadCounts, id, `n:${id}`, heldUntil(session), () => read(id));
}

/**
 * The user's latest notices, from memory or `read`, which also marks them read: a list it found
 * unread notices in is not held (marking them read drops it), so a list is held once every notice
 * in it was read, until a new notice arrives. Shared between requests: not to be changed.
 */
export async function rememberedNotices(
  id: string,
  read: () => Promise<readonly ShownNotice[]>,
): Promise<readonly ShownNotice[]> {
  return remembered(noticeLists, id, `n:${id}`, Infinity, read);
}

/** The held copy of session `sid`, a copy of its own for the request to change, or undefined. */
export function heldSession(sid: string): StoredSession | undefined {
  if (!changeChannel.listening) return undefined;
  const held = sessions.get(sid, clock.now());
  return held && structuredClone(held.data);
}

/** A mark to give holdSession(): taken before the store reads or writes. */
export function dropMark(): number {
  return drops;
}

/** Holds what the store read or wrote for `sid`, unless a copy was dropped since `mark`. */
export function holdSession(sid: string, data: StoredSession, mark: number): void {
  const user = signedInUser(data);
  if (droppedSince(mark, `s:${sid}`, ...(user ? [`a:${user}`] : [])) || !changeChannel.listening) return;
  const copy = structuredClone(data);
  sessions.set(sid, { data: copy, user }, heldUntil(copy));
}

function dropSession(sid: string): void {
  sessions.delete(sid);
  noteDrop(`s:${sid}`);
}

/** What changed about a user: everything about their sign-in, or only their notices. */
export type UserChange = 'account' | 'notices';

function dropUser(id: string, change: UserChange): void {
  unreadCounts.delete(id);
  noticeLists.delete(id);
  if (change === 'account') {
    actors.delete(id);
    sessions.deleteWhere((held) => held.user === id);
  }
  noteDrop(`n:${id}`, ...(change === 'account' ? [`a:${id}`] : []));
}

function dropAll(): void {
  sessions.clear();
  actors.clear();
  unreadCounts.clear();
  noticeLists.clear();
  noteDrop();
  unknownBefore = drops;
}

/**
 * Session `sid` is about to be written or removed by this instance: its copy here goes now, and
 * the returned function tells the other instances once the store has done it.
 */
export function sessionChanging(sid: string): () => Promise<void> {
  dropSession(sid);
  return () => changeChannel.publish([`s:${sid}`]);
}

/**
 * Call after a write that changes what signs a user in or what their pages' header shows, once
 * it succeeded and before answering: `account` for their password, role, activity, sessions or
 * the Actor's fields (name, email, locale, category, university); `notices` for a new notice or
 * notices read. Every instance drops its copies of them; resolves once the others are told.
 */
export async function userChanged(users: Id | Id[], change: UserChange = 'account'): Promise<void> {
  const ids = [...new Set((Array.isArray(users) ? users : [users]).map(String))];
  for (const id of ids) dropUser(id, change);
  await changeChannel.publish(ids.map((id) => `${change === 'account' ? 'a' : 'n'}:${id}`));
}

// Other holders share the channel with their own prefixes (api-tokens/held.ts: `t:`).
changeChannel.on('message', (payload) => {
  const id = payload.slice(2);
  if (payload.startsWith('s:')) dropSession(id);
  else if (payload.startsWith('a:')) dropUser(id, 'account');
  else if (payload.startsWith('n:')) dropUser(id, 'notices');
});
changeChannel.on('up', dropAll);
changeChannel.on('down', dropAll);
