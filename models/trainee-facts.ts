import { model, Schema, type InferSchemaType } from 'mongoose';

/**
 * The profile facts of a trainee that the programme's figures and named lists use, one small
 * document per trainee (`_id` = the user's id). A course's figures read them by `_id`, which is
 * cheaper than reading whole user documents; they live apart from the enrollments so that copying
 * them never overwrites an enrollment a status change is writing at the same moment (the engine
 * rewrites a whole document on every update). Kept current by
 * server/services/copies/course-figures.ts.
 */
const traineeFactsSchema = new Schema({
  _id: { type: Schema.Types.ObjectId, required: true },
  category: { type: String },
  pohangResident: { type: Boolean, default: false },
  /** The trainee's name while they consent to named reporting; absent otherwise. */
  reportingName: { type: String },
});

export type TraineeFactsDoc = InferSchemaType<typeof traineeFactsSchema>;
export const TraineeFacts = model('TraineeFacts', traineeFactsSchema);
