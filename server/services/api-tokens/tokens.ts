import crypto from 'node:crypto';
import { isValidObjectId } from 'mongoose';
import { ApiToken, universityOnlyScopes, type ApiScope } from '../../../models/api-token';
import { University } from '../../../models/university';
import { User } from '../../../models/user';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { seoulDayOf } from '../../lib/calendar';
import { clock, dayMs } from '../../lib/clock';
import { findByIds } from '../../lib/find-by-ids';
import { digestToken } from '../../lib/one-time-token';
import { recordAudit } from '../audit/record';
import { apiTokenRevoked } from './held';
import { tokenUsesOn } from './uses';

/** A token lives at most a year: a system that syncs for longer gets a new one, and the old one ends. */
export const apiTokenMaxDays = 365;
/** Every secret starts so, for secret scanners and for people reading a configuration file. */
export const apiTokenPrefix = 'bth_';

export interface ApiTokenInput {
  name: string;
  days: number;
  scopes: ApiScope[];
  /** A university id, or empty for the whole programme. */
  university?: string;
}

/** Whether the actor sees and revokes every token (administrators) or only their own (city staff). */
const seesAll = (actor: Actor) => actor.role === 'admin';

/** A new secret: 32 random bytes after the prefix; only its SHA-256 is stored. */
function newSecret(): { secret: string; tokenHash: string } {
  const secret = `${apiTokenPrefix}${crypto.randomBytes(32).toString('base64url')}`;
  return { secret, tokenHash: digestToken(secret) };
}

/** Whether a bearer value can be a token at all; anything else is refused without a read. */
export function looksLikeApiToken(value: string): boolean {
  return /^bth_[\w-]{43}$/.test(value);
}

/**
 * Makes a token and returns its secret, which is shown once and kept nowhere. Roster and
 * attendance need a university; the university must be a partner's.
 */
export async function createApiToken(actor: Actor, input: ApiTokenInput, ip?: string) {
  assertCanOnProgramme(actor, 'api_tokens:manage');
  let university = null;
  if (input.university) {
    university = isValidObjectId(input.university)
      ? await University.findOne({ _id: input.university, active: true }, { code: 1 }).lean()
      : null;
    if (!university) throw new FormError({ university: 'forms.invalid' });
  } else if (input.scopes.some((s) => universityOnlyScopes.includes(s)))
    throw new FormError({ university: 'apiTokens.errors.universityNeeded' });
  const { secret, tokenHash } = newSecret();
  const now = clock.now();
  const token = await ApiToken.create({
    name: input.name,
    owner: actor.id,
    tokenHash,
    hint: secret.slice(apiTokenPrefix.length, apiTokenPrefix.length + 6),
    scopes: [...new Set(input.scopes)],
    university: university?._id,
    createdAt: new Date(now),
    expiresAt: new Date(now + input.days * dayMs),
  });
  await recordAudit({
    actor,
    action: 'api_token.create',
    target: { type: 'ApiToken', id: token._id },
    university: university?._id,
    after: { name: token.name, scopes: token.scopes, university: university?.code, expiresAt: token.expiresAt },
    ip,
  });
  return { id: String(token._id), secret, name: token.name, expiresAt: token.expiresAt };
}

/** The tokens the actor may see (all for an administrator, their own for city staff), newest first, with today's uses. */
export async function listApiTokens(actor: Actor) {
  assertCanOnProgramme(actor, 'api_tokens:manage');
  const tokens = await ApiToken.find(seesAll(actor) ? {} : { owner: actor.id }, { tokenHash: 0 })
    .populate<{ university: { code: string; name: { ko: string; en: string } } | null }>('university', 'code name')
    .lean();
  const [owners, usesToday] = await Promise.all([
    findByIds(
      User,
      tokens.map((t) => t.owner),
      { name: 1 },
    ),
    tokenUsesOn(seoulDayOf(clock.now())),
  ]);
  const now = clock.now();
  return tokens
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((t) => ({
      id: String(t._id),
      name: t.name,
      hint: t.hint,
      owner: owners.get(String(t.owner))?.name ?? '',
      own: String(t.owner) === actor.id,
      scopes: t.scopes,
      university: t.university,
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      revokedAt: t.revokedAt,
      state: t.revokedAt ? 'revoked' : t.expiresAt.getTime() <= now ? 'expired' : 'active',
      usesToday: usesToday.get(String(t._id)) ?? 0,
    }));
}

/**
 * Revokes a token the actor may manage (another's is not found, as for city staff it does not
 * exist); it stops working on every instance before this resolves. Revoking twice is done once.
 */
export async function revokeApiToken(actor: Actor, id: string, ip?: string): Promise<void> {
  assertCanOnProgramme(actor, 'api_tokens:manage');
  const token = isValidObjectId(id)
    ? await ApiToken.findById(id, { owner: 1, tokenHash: 1, revokedAt: 1, university: 1, name: 1 }).lean()
    : null;
  if (!token || (!seesAll(actor) && String(token.owner) !== actor.id)) throw new NotFoundError();
  if (token.revokedAt) return;
  const revokedAt = new Date(clock.now());
  await ApiToken.updateOne({ _id: token._id }, { revokedAt, revokedBy: actor.id });
  await apiTokenRevoked(token.tokenHash);
  await recordAudit({
    actor,
    action: 'api_token.revoke',
    target: { type: 'ApiToken', id: token._id },
    university: token.university,
    after: { name: token.name, revokedAt },
    ip,
  });
}

/**
 * Revokes every token a user made, when their account is deactivated: nothing they made reads on
 * in their name. Only an administrator deactivates city staff (policy.ts), who alone own tokens.
 */
export async function revokeTokensOf(actor: Actor, owner: string): Promise<void> {
  for (const token of await ApiToken.find({ owner }, { _id: 1, revokedAt: 1 }).lean())
    if (!token.revokedAt) await revokeApiToken(actor, String(token._id));
}
