import { model, Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * One password check, written before the password is checked and kept as a failure unless it
 * succeeds (server/services/accounts/login-throttle.ts). One document per attempt rather than counters:
 * the engine's updates are read-then-overwrite, so simultaneous increments would be lost, while
 * simultaneous inserts all count. Nothing about the password is stored.
 */
const loginAttemptSchema = new Schema(
  {
    /** The email as typed (lower-cased), whether or not an account has it. */
    account: { type: String, required: true },
    /** The client's address (IPv6: its /64). */
    address: { type: String, required: true },
    /** The device-cookie nonce, when the attempt came from a browser trusted for this account. */
    device: { type: String },
    at: { type: Date, required: true },
    /** `at` rounded down to the hour: an address's recent attempts are read by two equalities. */
    hour: { type: Date, required: true },
    /** When the longest rule no longer needs it, rounded up to the hour for the sweep. */
    sweepAt: { type: Date, required: true },
  },
  { collection: 'login_attempts', versionKey: false },
);
loginAttemptSchema.index({ account: 1 });
loginAttemptSchema.index({ address: 1, hour: 1 });
loginAttemptSchema.index({ sweepAt: 1 });

export type LoginAttemptDoc = InferSchemaType<typeof loginAttemptSchema> & { _id: Types.ObjectId };
export const LoginAttempt = model('LoginAttempt', loginAttemptSchema);
