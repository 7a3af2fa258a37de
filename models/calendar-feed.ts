import { model, Schema, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * A trainee's personal calendar address (`/calendar/<token>.ics`), at most one per trainee.
 * Only the SHA-256 of the token is kept, so a database reader cannot subscribe to anyone's
 * calendar; resetting overwrites the hash, which revokes the old address at once.
 */
const calendarFeedSchema = new Schema({
  trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  tokenHash: { type: String, required: true },
  createdAt: { type: Date, required: true },
});
calendarFeedSchema.index({ trainee: 1 }, { unique: true });
calendarFeedSchema.index({ tokenHash: 1 }, { unique: true });

/** The cache version every write of these documents changes: /me holds each trainee's behind it. */
export const calendarFeedsCacheKey = 'calendar-feeds';
calendarFeedSchema.plugin(bumpsCacheVersion(calendarFeedsCacheKey));

export type CalendarFeedDoc = InferSchemaType<typeof calendarFeedSchema>;
export const CalendarFeed = model('CalendarFeed', calendarFeedSchema);
