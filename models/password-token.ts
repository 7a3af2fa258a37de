import { model, Schema, type InferSchemaType } from 'mongoose';

export const passwordTokenPurposes = ['set', 'reset'] as const;
export type PasswordTokenPurpose = (typeof passwordTokenPurposes)[number];

/**
 * A one-time link to set a password: `set` for a new staff account, `reset` after
 * "forgot password". Only the SHA-256 of the token is kept, so a database reader
 * cannot use it; using it deletes the document, and only the request whose delete
 * reports deletedCount 1 may set the password (the engine's one safe claim).
 */
const passwordTokenSchema = new Schema({
  tokenHash: { type: String, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // Tokens made before purposes existed are set-password links.
  purpose: { type: String, enum: passwordTokenPurposes, default: 'set' },
  createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  createdAt: { type: Date, default: () => new Date() },
  // No TTL index on the engine: expiry is checked when the link is used.
  expiresAt: { type: Date, required: true },
});
passwordTokenSchema.index({ tokenHash: 1 }, { unique: true });
passwordTokenSchema.index({ user: 1 });

export type PasswordTokenDoc = InferSchemaType<typeof passwordTokenSchema>;
export const PasswordToken = model('PasswordToken', passwordTokenSchema);
