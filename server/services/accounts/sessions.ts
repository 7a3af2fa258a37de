import { SessionRecord } from '../../../models/session-record';
import { userChanged } from '../../auth/signin-memory';

/**
 * Ends a user's sessions in the store (connect-mongo keeps `session.passport.user`
 * as a queryable field), except the one given: the request that asked for it. Every
 * instance drops what it holds of the user's sign-in before this resolves.
 */
export async function endSessionsOf(userId: string, exceptSessionId?: string): Promise<number> {
  const filter: Record<string, unknown> = { 'session.passport.user': userId };
  if (exceptSessionId) filter._id = { $ne: exceptSessionId };
  const result = await SessionRecord.deleteMany(filter);
  await userChanged(userId);
  return result.deletedCount;
}
