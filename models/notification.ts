import { model, Schema, type InferSchemaType } from 'mongoose';

/**
 * A message to one user: shown in the app, and kept as an outbox a mailer can
 * drain later (`mailedAt` unset = not yet sent by mail). `kind` selects the
 * i18n text `notifications.<kind>`, `params` fills it in.
 */
const notificationSchema = new Schema({
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  kind: { type: String, required: true },
  params: { type: Schema.Types.Mixed, default: {} },
  link: { type: String },
  createdAt: { type: Date, default: () => new Date() },
  readAt: { type: Date },
  mailedAt: { type: Date },
});
notificationSchema.index({ user: 1, createdAt: -1 });
notificationSchema.index({ mailedAt: 1 });

export type NotificationDoc = InferSchemaType<typeof notificationSchema>;
export const Notification = model('Notification', notificationSchema);
