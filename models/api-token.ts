import { model, Schema, type InferSchemaType, type Types } from 'mongoose';

/** What a token may read. The last two only with a university, and only that university's courses. */
export const apiScopes = [
  'figures:read',
  'reports:read',
  'enrollments:read',
  'outcomes:read',
  'roster:read',
  'attendance:read',
] as const;
export type ApiScope = (typeof apiScopes)[number];
export const universityOnlyScopes: readonly ApiScope[] = ['roster:read', 'attendance:read'];

/**
 * A bearer token of the read API (`/api/v1`), made by city staff for another system. Only the
 * SHA-256 of its secret is kept, so a database reader cannot use it; it is shown once, when made.
 * Revoking sets `revokedAt` (the record stays, for the audit log and the list).
 */
const apiTokenSchema = new Schema({
  name: { type: String, required: true, maxlength: 100 },
  owner: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  /** SHA-256 (hex) of the secret: the one field a request looks a token up by. */
  tokenHash: { type: String, required: true },
  /** The secret's first characters after its prefix, so a list can tell tokens apart without the secret. */
  hint: { type: String, required: true },
  scopes: { type: [String], enum: apiScopes, required: true },
  /** Set: the token reads only this university's data, and may hold roster and attendance scopes. */
  university: { type: Schema.Types.ObjectId, ref: 'University' },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
  revokedAt: { type: Date },
  revokedBy: { type: Schema.Types.ObjectId, ref: 'User' },
});
apiTokenSchema.index({ tokenHash: 1 }, { unique: true });
apiTokenSchema.index({ owner: 1 });

export type ApiTokenDoc = InferSchemaType<typeof apiTokenSchema> & { _id: Types.ObjectId };
export const ApiToken = model('ApiToken', apiTokenSchema);
