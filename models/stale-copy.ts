import { model, Schema } from 'mongoose';

/**
 * A derived copy that a write has made stale and whose refresh has not finished yet
 * (server/services/copies/stale.ts): written before the facts it follows, removed once the copy
 * is rebuilt from them, so a crash in between leaves the refresh to do rather than a wrong copy.
 * `_id` is the copy and its key, so marking the same copy twice is one mark.
 */
const staleCopySchema = new Schema(
  {
    _id: { type: String, required: true },
    copy: { type: String, required: true },
    key: { type: String, required: true },
    since: { type: Date, required: true },
    /** Refreshes tried and failed; after a few the mark is left for check-data to report. */
    tries: { type: Number, default: 0 },
  },
  { collection: 'stale_copies', versionKey: false },
);

export const StaleCopy = model('StaleCopy', staleCopySchema);
