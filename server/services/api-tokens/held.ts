import { ApiToken, type ApiScope } from '../../../models/api-token';
import { changeChannel } from '../../db/change-channel';
import { BoundedMemory } from '../../lib/bounded-memory';
import { clock } from '../../lib/clock';
import { digestToken } from '../../lib/one-time-token';

/*
 * The tokens this instance has read, held by the hash of their secret, so that a client syncing
 * page after page costs no read of its token. As with sign-in (server/auth/signin-memory.ts), a
 * copy is served only while this instance hears every change through the change channel: a
 * revocation drops it here at once and on every other instance when the message arrives, which a
 * token request waits for (caughtUp) before it is served. Without a channel (MONGODB_URI alone)
 * every request reads its token: one read by an indexed equality.
 */

/** A token as a request needs it: never the hash's secret, which nobody keeps. */
export interface HeldToken {
  id: string;
  owner: string;
  scopes: readonly ApiScope[];
  university?: string;
  expiresAt: Date;
  revoked: boolean;
}

/** What a bearer secret comes to: a usable token, or why not. */
export type TokenCheck = { ok: true; token: HeldToken } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

const held = new BoundedMemory<string, HeldToken>(2_000);
/** Counts drops, so that a token read while its revocation arrived is not held (the read may predate it). */
let drops = 0;

function drop(hash?: string): void {
  drops++;
  if (hash) held.delete(hash);
  else held.clear();
}

async function read(hash: string): Promise<HeldToken | undefined> {
  const doc = await ApiToken.findOne(
    { tokenHash: hash },
    { owner: 1, scopes: 1, university: 1, expiresAt: 1, revokedAt: 1 },
  ).lean();
  if (!doc) return undefined;
  return {
    id: String(doc._id),
    owner: String(doc.owner),
    scopes: doc.scopes as ApiScope[],
    ...(doc.university && { university: String(doc.university) }),
    expiresAt: doc.expiresAt,
    revoked: !!doc.revokedAt,
  };
}

/** The token whose secret this is, if it may be used now: from memory, or one indexed read. */
export async function checkApiToken(secret: string): Promise<TokenCheck> {
  const hash = digestToken(secret);
  const listening = changeChannel.listening && (await changeChannel.caughtUp());
  let token = listening ? held.get(hash, clock.now()) : undefined;
  if (!token) {
    const mark = drops;
    token = await read(hash);
    if (!token) return { ok: false, reason: 'unknown' };
    if (listening && mark === drops && changeChannel.listening) held.set(hash, token, token.expiresAt.getTime());
  }
  if (token.revoked) return { ok: false, reason: 'revoked' };
  if (token.expiresAt.getTime() <= clock.now()) return { ok: false, reason: 'expired' };
  return { ok: true, token };
}

/** Call once a token's revocation is stored: every instance drops its copy; resolves once the others are told. */
export async function apiTokenRevoked(tokenHash: string): Promise<void> {
  drop(tokenHash);
  await changeChannel.publish([`t:${tokenHash}`]);
}

changeChannel.on('message', (payload) => {
  if (payload.startsWith('t:')) drop(payload.slice(2));
});
// Messages may have been missed while not listening.
changeChannel.on('up', () => drop());
changeChannel.on('down', () => drop());
