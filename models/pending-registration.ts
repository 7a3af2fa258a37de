import { model, Schema, type InferSchemaType, type Types } from 'mongoose';
import { storedText, textLimits } from './text';
import { traineeCategories } from './user';

/**
 * A sign-up waiting for its owner to open the activation link. It is not a User: until the
 * address is proven, nobody can log in with it, it is counted nowhere, and a second sign-up
 * with the same address (by the owner or anyone else) gets a link of its own instead of
 * changing this one. Activation deletes it (a delete succeeds once) and creates the account;
 * the unique email index on users decides between two activations for one address.
 */
const pendingRegistrationSchema = new Schema({
  tokenHash: { type: String, required: true },
  email: { type: String, required: true },
  name: { ...storedText(textLimits.personName), required: true },
  passwordHash: { type: String, required: true },
  locale: { type: String, enum: ['ko', 'en'], required: true },
  trainee: {
    category: { type: String, enum: traineeCategories, required: true },
    affiliation: { ...storedText(textLimits.affiliation), default: '' },
    pohangResident: { type: Boolean, default: false },
    consent: { type: Boolean, default: false },
    followUp: { type: Boolean, default: false },
  },
  /** The version of the required personal-data notice the sign-up agreed to. */
  privacyConsentVersion: { type: String },
  /** The page the sign-up started from, to go back to after activation. */
  returnTo: { type: String },
  createdAt: { type: Date, default: () => new Date() },
  // No TTL index on the engine: expiry is checked when the link is used.
  expiresAt: { type: Date, required: true },
});
pendingRegistrationSchema.index({ tokenHash: 1 }, { unique: true });
pendingRegistrationSchema.index({ email: 1 });

export type PendingRegistrationDoc = InferSchemaType<typeof pendingRegistrationSchema> & { _id: Types.ObjectId };
export const PendingRegistration = model('PendingRegistration', pendingRegistrationSchema);
