import type { z } from 'zod';
import { ApiProblem } from './problem';

/*
 * A cursor is the position of the last item of a page, in its list's stable order, as base64url
 * JSON: opaque to clients, checked against the list's own position schema when it comes back.
 */

export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<P extends z.ZodType>(cursor: string, position: P, param = 'cursor'): z.infer<P> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // Refused below, like any other value that is not a position.
  }
  const parsed = position.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiProblem('bad-request', 'The cursor is not one this API gave', {
    invalidParams: [{ name: param, reason: 'not a cursor from nextCursor' }],
  });
}

/** A page of a list already in its stable order: `limit` items after the cursor's position, and the next cursor. */
export function pageAfter<T, P extends readonly unknown[]>(
  sorted: readonly T[],
  positionOf: (item: T) => P,
  isAfter: (item: P, from: P) => boolean,
  from: P | undefined,
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const start = from ? sorted.findIndex((item) => isAfter(positionOf(item), from)) : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rest.length > limit && last ? encodeCursor(positionOf(last)) : null };
}
