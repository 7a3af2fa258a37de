import { model, Schema } from 'mongoose';

/**
 * A change to a course's facts whose derived copies may not be rebuilt yet
 * (server/services/copies/changes.ts): written before the facts change, removed once the copies
 * the change refreshes are rebuilt, so a crash in between leaves a refresh to do rather than a
 * wrong copy. `_id` is the fact and the course, so announcing the same change twice is one mark.
 */
const pendingFactChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    fact: { type: String, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    since: { type: Date, required: true },
    /** Refreshes tried and failed; after a few the mark is left for check-data to report the copy. */
    tries: { type: Number, default: 0 },
  },
  { collection: 'pending_fact_changes', versionKey: false },
);

export const PendingFactChange = model('PendingFactChange', pendingFactChangeSchema);
