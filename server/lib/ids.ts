import { Types } from 'mongoose';
import { NotFoundError } from '../errors';

/** A route's :id as an ObjectId; anything else is a page that does not exist (404, never a 500). */
export function objectIdOr404(id: unknown): Types.ObjectId {
  if (typeof id !== 'string' || !/^[0-9a-f]{24}$/i.test(id)) throw new NotFoundError();
  return new Types.ObjectId(id);
}

/** An id no document has: a filter on it matches nothing (a scope or filter that must not widen to everything). */
export const noSuchId = '000000000000000000000000';

/** An actor's id as the ObjectId a document stores, or undefined for none (the app acting by itself). */
export function objectIdOrNone(id: string | null | undefined): Types.ObjectId | undefined {
  return id && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined;
}
