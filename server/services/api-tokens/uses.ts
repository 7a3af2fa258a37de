import { Types } from 'mongoose';
import { ApiToken } from '../../../models/api-token';
import { ApiTokenUse } from '../../../models/api-token-use';
import { AuditEvent } from '../../../models/audit-event';
import { seoulDayOf } from '../../lib/calendar';
import { clock } from '../../lib/clock';
import { derivedId } from '../../lib/derived-id';
import { findByIds } from '../../lib/find-by-ids';
import { insertMissing } from '../../lib/insert-missing';

/*
 * A token's uses are audited as a count per Seoul day, never a row per request: each instance
 * counts in memory and appends its counts at most once a minute (one insertMany for every token
 * it served), and once a day is over the daily job sums its documents into one audit event per
 * token (auditTokenDays).
 */

/** How long an instance keeps counting before it writes what it counted. */
const writeEveryMs = 60_000;

/** Uses counted and not written yet, by `<token id> <day>`. */
let counted = new Map<string, number>();
let timer: NodeJS.Timeout | undefined;

/** Counts one use of a token (a request it authenticated). */
export function countTokenUse(tokenId: string): void {
  const key = `${tokenId} ${seoulDayOf(clock.now())}`;
  counted.set(key, (counted.get(key) ?? 0) + 1);
  timer ??= setTimeout(() => void writeTokenUses().catch(() => undefined), writeEveryMs).unref();
}

/** Writes the uses counted so far (also at shutdown, and by tests). */
export async function writeTokenUses(): Promise<void> {
  clearTimeout(timer);
  timer = undefined;
  const batch = counted;
  counted = new Map();
  const at = new Date(clock.now());
  const docs = [...batch].map(([key, uses]) => {
    const [token, day] = key.split(' ');
    return { token, day, uses, at };
  });
  if (docs.length) await ApiTokenUse.insertMany(docs);
}

/** Uses of each token on a day, as written so far. */
export async function tokenUsesOn(day: string): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  for (const use of await ApiTokenUse.find({ day }, { token: 1, uses: 1 }).lean())
    sums.set(String(use.token), (sums.get(String(use.token)) ?? 0) + use.uses);
  return sums;
}

/**
 * Writes one `api_token.use` audit event per token used on each of `days` (finished days), with
 * its count. Each event's id is derived from the token and the day, so a day visited again (the
 * daily job redoes the last day it ran) writes nothing twice.
 */
export async function auditTokenDays(days: readonly string[]): Promise<number> {
  let written = 0;
  for (const day of days) {
    const sums = await tokenUsesOn(day);
    const tokens = await findByIds(ApiToken, [...sums.keys()], { owner: 1, university: 1 });
    const at = new Date(clock.now());
    written += await insertMissing(
      AuditEvent,
      [...sums].map(([token, uses]) => ({
        _id: derivedId('api_token.use', token, day),
        at,
        day: seoulDayOf(at),
        action: 'api_token.use',
        targetType: 'ApiToken',
        targetId: new Types.ObjectId(token),
        actor: tokens.get(token)?.owner,
        university: tokens.get(token)?.university,
        meta: { day, uses },
      })),
    );
  }
  return written;
}
