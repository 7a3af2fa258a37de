import { model, Schema, type InferSchemaType } from 'mongoose';

/**
 * Uses of a token on one Seoul day, counted by one instance between two of its writes
 * (server/services/api-tokens/uses.ts): appended, never incremented, since the engine's updates
 * are read-then-overwrite. A day's count is the sum of its documents; the daily job writes it to
 * the audit log once the day is over.
 */
const apiTokenUseSchema = new Schema(
  {
    token: { type: Schema.Types.ObjectId, ref: 'ApiToken', required: true },
    day: { type: String, required: true },
    uses: { type: Number, required: true, min: 1 },
    at: { type: Date, required: true },
  },
  { collection: 'api_token_uses', versionKey: false },
);
apiTokenUseSchema.index({ day: 1 });
apiTokenUseSchema.index({ token: 1 });

export type ApiTokenUseDoc = InferSchemaType<typeof apiTokenUseSchema>;
export const ApiTokenUse = model('ApiTokenUse', apiTokenUseSchema);
