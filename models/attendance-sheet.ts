import { model, Schema, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * Read model: one enrollment's attendance marks in one small document (`_id` = the enrollment's
 * id), so that the roster and /me read a course's or a trainee's attendance by one indexed
 * equality instead of every mark. Rewritten from that enrollment's Attendance documents after
 * every write of a mark, by server/services/copies/attendance-sheets.ts; an enrollment without a sheet
 * has no marks.
 *
 * `marks` holds `[session id, status, remark][]` as one JSON string: the embedded engine decodes a
 * document value by value, and one string costs it far less than as many sub-documents.
 */
const attendanceSheetSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    marks: { type: String, required: true },
  },
  { versionKey: false },
);
attendanceSheetSchema.index({ course: 1 });
attendanceSheetSchema.index({ trainee: 1 });

/** The cache version every write of these documents changes: /me holds each trainee's behind it. */
export const attendanceSheetsCacheKey = 'attendance-sheets';
attendanceSheetSchema.plugin(bumpsCacheVersion(attendanceSheetsCacheKey));

export type AttendanceSheetDoc = InferSchemaType<typeof attendanceSheetSchema>;
export const AttendanceSheet = model('AttendanceSheet', attendanceSheetSchema);
