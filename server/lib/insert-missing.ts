import { isDuplicateKey } from './duplicate-key';

interface Insertable {
  insertMany(docs: object[], options: { ordered: false; lean: true }): Promise<unknown[]>;
}

/**
 * Inserts the documents whose `_id` is not taken yet and leaves the others as they are (the
 * unique `_id` refuses them); returns how many were inserted.
 */
export async function insertMissing(model: Insertable, docs: object[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await model.insertMany(docs, { ordered: false, lean: true })).length;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (err as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0;
  }
}
