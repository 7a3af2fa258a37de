import { model, Schema } from 'mongoose';

/**
 * One attempt at sending one message, claimed by inserting `_id: "<message id>:<attempt>"`.
 * `_id` is unique on every engine, so of several workers (in one process or many) only one
 * gets to make each attempt; the engine's conditional updates could let two through.
 */
const mailClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    message: { type: Schema.Types.ObjectId, ref: 'MailMessage', required: true },
    claimedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
mailClaimSchema.index({ message: 1 });

export const MailClaim = model('MailClaim', mailClaimSchema);
