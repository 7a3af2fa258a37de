import { model, Schema, type InferSchemaType, type Types } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/**
 * Read model: every row a course's roster and attendance grid show, in one document per course
 * (`_id` = the course's id), so that each of those pages reads the course and this document and
 * nothing else. Derived from the course's enrollments (status, application time, assessment score)
 * and waitlist, and from the per-enrollment copies of the trainee's columns (RosterTrainee) and of
 * the attendance marks (AttendanceSheet); recomputed from them, never patched, by
 * server/services/copies/course-roster.ts whenever one of those facts changes (the table in
 * server/services/copies/changes.ts). A course without one has it rebuilt on its first read.
 *
 * `rows` holds one entry per enrollment as one JSON string (that module gives its layout): the
 * embedded engine decodes a document value by value, so sixty rows with their marks cost it about
 * as much as one small document, where three documents per trainee cost it 180.
 */
const courseRosterSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    rows: { type: String, required: true },
  },
  { versionKey: false },
);

/** The cache version every write of a packed roster changes: the staff pages hold the rows they read behind it. */
export const courseRostersCacheKey = 'course-rosters';
courseRosterSchema.plugin(bumpsCacheVersion(courseRostersCacheKey));

export type CourseRosterDoc = InferSchemaType<typeof courseRosterSchema> & { _id: Types.ObjectId };
export const CourseRoster = model('CourseRoster', courseRosterSchema);
