import { model, Schema } from 'mongoose';

/**
 * Where a changes feed begins: the first Seoul day that holds any of its records, found once by
 * scanning them and kept here, so that a reader starting from the beginning reads it by `_id`.
 * Records are stamped when they are written, so none can appear before it later.
 */
const feedStartSchema = new Schema(
  { _id: { type: String, required: true }, day: { type: String, required: true } },
  { collection: 'feed_starts', versionKey: false },
);

export const FeedStart = model('FeedStart', feedStartSchema);
