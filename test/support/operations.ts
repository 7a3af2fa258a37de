import mongoose from 'mongoose';

/** One operation mongoose sent while a test acted: its collection, method and filter. */
export interface Operation {
  collection: string;
  method: string;
  filter: Record<string, unknown>;
}

/** Whether an operation reads (a find, a count or an aggregation). */
export const isRead = ({ method }: Operation) =>
  method.startsWith('find') || method.startsWith('count') || method === 'aggregate';

/** Every operation mongoose sends while `act` runs (its debug hook: the services' queries, not the driver's own). */
export async function operationsDuring(act: () => Promise<unknown>): Promise<Operation[]> {
  const seen: Operation[] = [];
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
    seen.push({ collection, method, filter: (filter ?? {}) as Record<string, unknown> });
  });
  try {
    await act();
  } finally {
    mongoose.set('debug', false);
  }
  return seen;
}
