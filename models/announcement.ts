import { model, Schema, type InferSchemaType, type Types } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { storedText, textLimits } from './text';

export const announcementScopes = ['programme', 'course'] as const;

/**
 * A notice (공지사항): programme-wide, posted by city staff, shown on the home page and at
 * /announcements; or a course's, posted by its university's staff, shown on the course page and
 * sent to its trainees. Shown as typed (escaped), in the language it was written in. Every write
 * changes the `announcements` cache version, so the pages that show them read them from memory.
 */
const announcementSchema = new Schema({
  scope: { type: String, enum: announcementScopes, required: true },
  course: { type: Schema.Types.ObjectId, ref: 'Course' },
  university: { type: Schema.Types.ObjectId, ref: 'University' },
  subject: { ...storedText(textLimits.messageSubject), required: true },
  body: { ...storedText(textLimits.messageBody, { multiline: true }), required: true },
  author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, default: () => new Date() },
});
announcementSchema.index({ scope: 1, createdAt: -1 });
announcementSchema.index({ course: 1 });
announcementSchema.plugin(bumpsCacheVersion('announcements'));

export type AnnouncementDoc = InferSchemaType<typeof announcementSchema> & { _id: Types.ObjectId };
export const Announcement = model('Announcement', announcementSchema);
