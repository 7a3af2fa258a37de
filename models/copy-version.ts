import { model, Schema } from 'mongoose';

/**
 * The schema version every stored copy of one kind (server/services/copies/versions.ts) was
 * last rebuilt to: a kind whose declared version is newer, or that has no record, is rebuilt at
 * start. `_id` is the kind's name.
 */
const copyVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    rebuiltAt: { type: Date, required: true },
  },
  { collection: 'copy_versions', versionKey: false },
);

export const CopyVersion = model('CopyVersion', copyVersionSchema);
