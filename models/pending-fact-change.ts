import { model, Schema } from 'mongoose';

/**
 * A change to the facts whose derived copies may not be rebuilt yet
 * (server/services/copies/changes.ts): written before the facts change, removed once the copies
 * the change refreshes are rebuilt, so a crash in between leaves a refresh to do rather than a
 * wrong copy. `_id` is the fact and a random part: each action's mark is its own.
 */
const pendingFactChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    fact: { type: String, required: true },
    /** The change as its writer announces it (copies/changes.ts `FactChange`). */
    change: { type: Schema.Types.Mixed },
    /** Marks written before marks carried their change: a course-wide change of this course. */
    course: { type: Schema.Types.ObjectId, ref: 'Course' },
    since: { type: Date, required: true },
    /** Refreshes tried and failed; after a few the mark is left for check-data to report the copy. */
    tries: { type: Number, default: 0 },
  },
  { collection: 'pending_fact_changes', versionKey: false },
);

export const PendingFactChange = model('PendingFactChange', pendingFactChangeSchema);
