import { z } from 'zod';
import { pseudonymOf } from '../lib/pseudonym';
import type { HeldToken } from '../services/api-tokens/held';
import { changesAfter, type FeedPosition, type FeedRecord } from '../services/enrollment/changes-feed';
import { decodeCursor, encodeCursor } from './cursor';
import type { change as changeSchema, ChangesQuery, changesPage } from './token-schemas';

type Change = z.infer<typeof changeSchema>;

/** A feed position as a cursor holds it: [Seoul day, time in ms, id]. */
const feedPosition = z.tuple([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.int().min(-1),
  z.string().regex(/^[0-9a-f]{0,24}$/),
]);

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

/** One page of the enrollment changes the token may see (a university token: its own courses), after the query's cursor. */
export async function changesPageOf(
  token: HeldToken,
  query: ChangesQuery,
  pseudonymKey: Buffer,
): Promise<z.infer<typeof changesPage>> {
  const after = query.after ? decodeCursor(query.after, feedPosition, 'after') : undefined;
  const from: FeedPosition | undefined = after && { day: after[0], at: after[1], id: after[2] };
  const page = await changesAfter({ university: token.university }, from, query.limit);
  return {
    items: page.records.map((record) => changeOf(record, pseudonymKey)),
    nextCursor: encodeCursor([page.next.day, page.next.at, page.next.id]),
    more: page.more,
  };
}
