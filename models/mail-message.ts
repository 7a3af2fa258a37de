import { model, Schema, type InferSchemaType, type Types } from 'mongoose';

export const mailStates = ['pending', 'failed'] as const;

/**
 * The mail outbox: one document per message waiting to be sent (or given up on).
 * The worker reads `{state: 'pending'}`, an indexed equality, so it never scans
 * sent mail: a message is deleted once sent. `kind` selects the texts `mail.<kind>`;
 * `link` is a path, made absolute with BASE_URL when the message is rendered.
 * A link may carry a one-time token, which lives here only until the message is sent.
 */
const mailMessageSchema = new Schema({
  to: { type: String, required: true },
  name: { type: String, required: true },
  locale: { type: String, enum: ['ko', 'en'], required: true },
  kind: { type: String, required: true },
  params: { type: Schema.Types.Mixed, default: {} },
  link: { type: String },
  /** Where a reply goes (`Name <address>`): the staff member who wrote, or the programme office. */
  replyTo: { type: String },
  /** The in-app notice this message repeats, whose `mailedAt` is set once it is sent. */
  notification: { type: Schema.Types.ObjectId, ref: 'Notification' },
  state: { type: String, enum: mailStates, default: 'pending' },
  /** Attempts made so far; attempt n is claimed by inserting MailClaim `<id>:<n>`. */
  attempts: { type: Number, default: 0 },
  nextAttemptAt: { type: Date, default: () => new Date() },
  lastError: { type: String },
  createdAt: { type: Date, default: () => new Date() },
});
mailMessageSchema.index({ state: 1 });

export type MailMessageDoc = InferSchemaType<typeof mailMessageSchema> & { _id: Types.ObjectId };
export const MailMessage = model('MailMessage', mailMessageSchema);
