import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { localizedText } from './localized-text';

/**
 * Read model: what the programme's figures need from one course, recomputed from the course and
 * its enrollments by server/services/copies/course-figures.ts whenever one of them changes.
 * Only courses that belong to a period and have counted enrollments have one.
 *
 * `rows` holds the counted enrollments as one JSON string (see that module for its layout): the
 * embedded engine decodes a document value by value, and one string of a hundred rows costs it
 * about as much as three small documents, where a hundred sub-documents cost forty times more.
 */
const courseFiguresSchema = new Schema(
  {
    university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
    universityCode: { type: String, required: true },
    track: { type: String, required: true },
    /** The course's skill ids, for targets set per skill. */
    skills: { type: [String], default: [] },
    quarter: { type: String, required: true },
    code: { type: String, required: true },
    title: { type: localizedText(), required: true },
    hours: { type: Number, required: true },
    rows: { type: String, required: true },
  },
  { versionKey: false },
);
courseFiguresSchema.index({ university: 1, quarter: 1 });
courseFiguresSchema.index({ quarter: 1 });
courseFiguresSchema.index({ track: 1 });

export type CourseFiguresDoc = InferSchemaType<typeof courseFiguresSchema> & { _id: Types.ObjectId };
export const CourseFigures = model('CourseFigures', courseFiguresSchema);
