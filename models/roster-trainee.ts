import { model, Schema, type InferSchemaType } from 'mongoose';

/**
 * Read model: the trainee columns of one roster row (`_id` = the enrollment's id), copied from the
 * trainee's account so that a course's roster and attendance grid read their names by one indexed
 * equality on the course rather than one user lookup per row. Kept apart from the enrollment so
 * that copying a profile never overwrites an enrollment a status change is writing at the same
 * moment (the engine rewrites a whole document on every update). Kept current by
 * server/services/copies/roster-trainees.ts.
 */
const rosterTraineeSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    trainee: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, default: '' },
    email: { type: String, default: '' },
    category: { type: String, default: '' },
    affiliation: { type: String, default: '' },
  },
  { versionKey: false },
);
rosterTraineeSchema.index({ course: 1 });
rosterTraineeSchema.index({ trainee: 1 });

export type RosterTraineeDoc = InferSchemaType<typeof rosterTraineeSchema>;
export const RosterTrainee = model('RosterTrainee', rosterTraineeSchema);
