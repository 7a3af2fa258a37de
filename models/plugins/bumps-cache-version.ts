import type { MongooseQueryMiddleware, Schema } from 'mongoose';
import { bumpCacheVersion } from '../cache-version';

const writeQueries: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'deleteMany'];

/**
 * Changes the cache version `key` after every write to the model's collection, whichever code
 * path wrote it (services, seed, bulk loads), so a cache built from these documents can never
 * outlive them. The write's caller awaits the change before it answers.
 */
export function bumpsCacheVersion(key: string) {
  return (schema: Schema) => {
    const bump = () => bumpCacheVersion(key);
    schema.post('save', bump);
    schema.post('insertMany', bump);
    schema.post('bulkWrite', bump);
    schema.post(writeQueries, bump);
    schema.post('deleteOne', { document: true, query: false }, bump);
  };
}
