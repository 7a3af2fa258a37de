import { model, Schema, type InferSchemaType } from 'mongoose';

/**
 * A random token per read model, overwritten (never incremented) after every change to it, so that
 * every app instance can check an in-process cache against one read by `_id`.
 */
const readModelVersionSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
  },
  { versionKey: false },
);

export type ReadModelVersionDoc = InferSchemaType<typeof readModelVersionSchema>;
export const ReadModelVersion = model('ReadModelVersion', readModelVersionSchema);
