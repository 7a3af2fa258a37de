import { model, Schema, type InferSchemaType } from 'mongoose';
import { storedText, textLimits } from './text';

export const attendanceStatuses = ['present', 'late', 'left_early', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

/**
 * One attendance mark: one document per (enrollment, session) under a unique index,
 * so a cell is upserted by its key and never lives in an array two people edit at once.
 */
const attendanceSchema = new Schema({
  enrollment: { type: Schema.Types.ObjectId, ref: 'Enrollment', required: true },
  course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
  /** The course session's stable _id. */
  session: { type: Schema.Types.ObjectId, required: true },
  status: { type: String, enum: attendanceStatuses, required: true },
  /** Free remark; required as the reason when the status is `excused`. */
  remark: { ...storedText(textLimits.attendanceRemark), default: '' },
  recordedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  recordedAt: { type: Date, default: () => new Date() },
});
attendanceSchema.index({ enrollment: 1, session: 1 }, { unique: true });
attendanceSchema.index({ course: 1 });

export type AttendanceDoc = InferSchemaType<typeof attendanceSchema>;
export const Attendance = model('Attendance', attendanceSchema);
