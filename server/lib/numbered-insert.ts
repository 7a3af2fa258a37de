import { isDuplicateKey } from './duplicate-key';

/**
 * "Insert with the next number, retry on 11000": the engine guarantees unique indexes
 * but not conditional updates, so numbered facts (certificate numbers, report versions)
 * are claimed by inserting under a unique index.
 *
 *   await insertWithNextNumber({ first: async () => (await lastNo()) + 1, insert: (n) => Model.create({ n }) });
 */
export interface NumberedInsert<T> {
  /** The number to try first (e.g. highest existing + 1). */
  first: () => Promise<number>;
  insert: (n: number) => Promise<T>;
  /**
   * Called after a duplicate-key error: return the existing result when the fact is
   * already settled (e.g. the enrollment already has its certificate), or throw to stop.
   */
  settled?: () => Promise<T | null>;
  attempts?: number;
}

export async function insertWithNextNumber<T>({
  first,
  insert,
  settled,
  attempts = 20,
}: NumberedInsert<T>): Promise<T> {
  let n = await first();
  for (let i = 0; i < attempts; i++) {
    try {
      return await insert(n);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await settled?.();
      if (existing) return existing;
      // Someone took this number: look again rather than only stepping, so many racers spread out.
      n = Math.max(n + 1, await first());
    }
  }
  throw new Error(`no free number after ${attempts} attempts`);
}
