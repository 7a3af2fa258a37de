import type { Model, ProjectionType, Types } from 'mongoose';

/**
 * Documents by id as a map keyed by the id's string, one `_id` lookup each, in parallel. The
 * embedded engine serves `{_id: v}` from its index but answers `{_id: {$in: [...]}}` by reading
 * the whole collection, so for the few dozen ids a page needs this is the fast form on both engines.
 */
export async function findByIds<T>(
  model: Model<T>,
  ids: readonly (Types.ObjectId | string)[],
  projection?: ProjectionType<T>,
): Promise<Map<string, T & { _id: Types.ObjectId }>> {
  const unique = [...new Set(ids.map(String))];
  const found = await Promise.all(
    unique.map((id) => model.findById(id, projection).lean<T & { _id: Types.ObjectId }>()),
  );
  return new Map(found.flatMap((doc, i) => (doc ? [[unique[i]!, doc] as const] : [])));
}

/** The ids that `key` of each row refers to (missing ones left out), for findByIds. */
export function idsOf<K extends PropertyKey, T extends { [P in K]?: Types.ObjectId | string | null }>(
  rows: readonly T[],
  key: K,
): (Types.ObjectId | string)[] {
  return rows.flatMap((row) => row[key] ?? []);
}
