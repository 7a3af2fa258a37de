import { model, Schema, type InferSchemaType } from 'mongoose';
import { seoulDayOf } from '../server/lib/calendar';

/** Who did what to which record, when; appended, never changed. */
const auditEventSchema = new Schema({
  at: { type: Date, default: () => new Date(), required: true },
  /**
   * The Asia/Seoul calendar day of `at` (YYYY-MM-DD), set from it on every insert: the log's date
   * filter reads one day at a time by equality, which the embedded engine serves from an index
   * where a range on `at` reads the whole collection.
   */
  day: { type: String },
  actor: { type: Schema.Types.ObjectId, ref: 'User' },
  actorRole: { type: String },
  /** Dotted verb, e.g. `course.publish`, `auth.login_failed`. */
  action: { type: String, required: true },
  targetType: { type: String },
  targetId: { type: Schema.Types.ObjectId },
  /** The university the target belongs to, so staff and city views can scope the log. */
  university: { type: Schema.Types.ObjectId, ref: 'University' },
  before: { type: Schema.Types.Mixed },
  after: { type: Schema.Types.Mixed },
  meta: { type: Schema.Types.Mixed },
  ip: { type: String },
});
auditEventSchema.pre('validate', function () {
  this.day = seoulDayOf(this.at);
});
auditEventSchema.index({ at: -1 });
auditEventSchema.index({ day: 1 });
auditEventSchema.index({ university: 1, at: -1 });
auditEventSchema.index({ actor: 1, at: -1 });
auditEventSchema.index({ action: 1, at: -1 });
auditEventSchema.index({ targetId: 1, at: -1 });

export type AuditEventDoc = InferSchemaType<typeof auditEventSchema>;
export const AuditEvent = model('AuditEvent', auditEventSchema);
