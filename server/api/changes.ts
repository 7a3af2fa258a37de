import type { z } from 'zod';
import { pseudonymOf } from '../lib/pseudonym';
import { changesAfter, type FeedPosition, type FeedRecord, type FeedScope } from '../services/enrollment/changes-feed';
import { ApiProblem } from './problem';
import type { change as changeSchema, ChangesQuery, changesPage } from './schemas';

type Change = z.infer<typeof changeSchema>;

/** A position as the opaque cursor a consumer passes back: `day~time~id`, base64url. */
function cursorOf(position: FeedPosition): string {
  return Buffer.from(`${position.day}~${position.at}~${position.id}`).toString('base64url');
}

function positionOf(cursor: string): FeedPosition {
  const [day = '', at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('~');
  if (rest.length || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^-?\d{1,15}$/.test(at) || !/^[0-9a-f]{0,24}$/.test(id))
    throw new ApiProblem('bad-request', 'The cursor is not one this API gave', {
      invalidParams: [{ name: 'after', reason: 'not a cursor of this feed' }],
    });
  return { day, at: Number(at), id };
}

function changeOf(record: FeedRecord, pseudonymKey: Buffer): Change {
  const at = record.at.toISOString();
  if (record.kind === 'anonymised') {
    const trainee = pseudonymOf(pseudonymKey, record.trainee);
    return { type: 'trainee', change: 'anonymised', id: `anonymised-${trainee}`, at, trainee };
  }
  return {
    type: 'enrollment',
    change: record.from === null ? 'created' : 'status',
    id: record.id,
    at,
    enrollment: record.enrollment,
    course: record.course,
    ...(record.trainee ? { trainee: pseudonymOf(pseudonymKey, record.trainee) } : {}),
    status: record.to,
    previousStatus: record.from,
  };
}

/** One page of the changes `scope` may see, after the query's cursor. */
export async function changesPageOf(
  scope: FeedScope,
  query: ChangesQuery,
  pseudonymKey: Buffer,
): Promise<z.infer<typeof changesPage>> {
  const page = await changesAfter(scope, query.after ? positionOf(query.after) : undefined, query.limit);
  return {
    items: page.records.map((record) => changeOf(record, pseudonymKey)),
    nextCursor: cursorOf(page.next),
    more: page.more,
  };
}
