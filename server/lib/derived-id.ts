import crypto from 'node:crypto';
import { Types } from 'mongoose';

/**
 * The same ObjectId for the same parts, every time: a fact written on behalf of an intent takes
 * its `_id` from the intent's key, so writing it again (a re-run after a crash) is refused by the
 * unique `_id` instead of writing it twice.
 */
export function derivedId(...parts: string[]): Types.ObjectId {
  return new Types.ObjectId(crypto.createHash('sha256').update(parts.join('\u0000')).digest().subarray(0, 12));
}
