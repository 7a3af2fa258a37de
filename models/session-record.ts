import { model, Schema } from 'mongoose';

/**
 * The session store's documents, written by connect-mongo. Declared as a model so that the
 * collection exists when the database is opened (and gets its `_id` index on the embedded
 * engine: every signed-in request reads its session by `_id`), and so that a user's sessions
 * can be ended through a model like any other record. `expires` is always a full hour
 * (server/middleware/session.ts), so the hourly sweep deletes by an indexed equality.
 */
const sessionRecordSchema = new Schema(
  {
    _id: { type: String, required: true },
    expires: { type: Date },
    session: { type: Schema.Types.Mixed },
  },
  { collection: 'sessions', versionKey: false, strict: false },
);

sessionRecordSchema.index({ expires: 1 });

export const SessionRecord = model('SessionRecord', sessionRecordSchema);
