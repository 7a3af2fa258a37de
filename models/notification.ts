import { model, Schema, type InferSchemaType, type Types } from 'mongoose';

/**
 * A message to one user, shown in the app; `notify()` also queues it as an email
 * (`MailMessage`), and `mailedAt` records when that was sent. `kind` selects the i18n
 * text `notifications.<kind>`, `params` fills it in.
 */
const notificationSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  kind: { type: String, required: true },
  params: { type: Schema.Types.Mixed, default: {} },
  link: { type: String },
  createdAt: { type: Date, default: () => new Date() },
  // `{user, unread: true}` is two top-level equalities, which the engine hands to its
  // index, so the header's unread count never reads a user's older notices.
  unread: { type: Boolean, default: true },
  readAt: { type: Date },
  mailedAt: { type: Date },
});
notificationSchema.index({ user: 1, createdAt: -1 });
notificationSchema.index({ user: 1, unread: 1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema>;
/** A notice as a user's pages show it (read whole, lean). */
export type ShownNotice = Readonly<NotificationDoc & { _id: Types.ObjectId }>;
export const Notification = model('Notification', notificationSchema);
