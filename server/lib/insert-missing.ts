import { isDuplicateKey } from './duplicate-key';

interface Insertable {
  insertMany(docs: object[], options: { ordered: false; lean: boolean }): Promise<unknown[]>;
}

/**
 * Inserts the documents whose `_id` is not taken yet and leaves the others as they are (the
 * unique `_id` refuses them); returns how many were inserted. The documents are written as given
 * (lean: no defaults, no casting) unless `withDefaults` asks for the schema's defaults.
 */
export async function insertMissing(model: Insertable, docs: object[], withDefaults = false): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    return (await model.insertMany(docs, { ordered: false, lean: !withDefaults })).length;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (err as { insertedDocs?: unknown[] }).insertedDocs?.length ?? 0;
  }
}
