import type { MongooseQueryMiddleware, Schema } from 'mongoose';
import { bumpCacheVersion } from '../cache-version';

const writeQueries: MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
];

const attempts = 3;

/**
 * The write it follows has happened: a version that cannot be changed (the engine busy, or gone)
 * must not make the caller believe the write failed. It is retried, then reported as a warning;
 * the cache then lags until the next write.
 */
async function bumpAfterWrite(key: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bumpCacheVersion(key);
    } catch (err) {
      if (attempt === attempts)
        return void process.emitWarning(`cache version '${key}' was not changed: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * Changes the cache version `key` after every write to the model's collection, whichever code
 * path wrote it (services, seed, bulk loads), so a cache built from these documents can never
 * outlive them. The write's caller awaits the change before it answers.
 */
export function bumpsCacheVersion(key: string) {
  return (schema: Schema) => {
    const bump = () => bumpAfterWrite(key);
    schema.post('save', bump);
    schema.post('insertMany', bump);
    schema.post('bulkWrite', bump);
    schema.post(writeQueries, bump);
    schema.post('deleteOne', { document: true, query: false }, bump);
  };
}
