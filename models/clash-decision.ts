import { model, Schema } from 'mongoose';

/**
 * Which of two applications that came to hold a trainee's time at clashing hours gives way
 * (server/services/enrollment/timetable.ts): the one whose insert of the pair's key succeeds. The
 * key names both enrollments at their current step, so a later clash of the same two is decided afresh.
 */
const clashDecisionSchema = new Schema(
  { _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } },
  { versionKey: false },
);

export const ClashDecision = model('ClashDecision', clashDecisionSchema);
