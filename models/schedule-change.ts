import { model, Schema, type InferSchemaType } from 'mongoose';

const shownSessionSchema = new Schema(
  {
    id: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
  },
  { _id: false },
);

/**
 * A course's schedule (a session's day or time, or the venue) changed and its trainees are still
 * to be told: one document per course (`_id` is the course id), holding the schedule as they last
 * knew it. Edits within a few minutes fold into it (each moves `dueAt` on); the minute job
 * `tell-schedule-changes` then tells every enrolled, pending and waitlisted trainee once, what
 * changed from what to what, and deletes it. A small collection (only changes waiting to be told),
 * read whole by the job.
 */
const scheduleChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    /** The schedule as trainees last knew it: sessions by id, and the venue. */
    before: {
      sessions: { type: [shownSessionSchema], default: [] },
      venue: { type: String, default: '' },
    },
    since: { type: Date, required: true },
    /** Told once no edit came for a few minutes: each edit moves this on. */
    dueAt: { type: Date, required: true },
    /** The staff member who edited last, where replies to the message go. */
    by: { name: String, email: String },
  },
  { collection: 'schedule_changes', versionKey: false },
);

export type ScheduleChangeDoc = InferSchemaType<typeof scheduleChangeSchema>;
export const ScheduleChange = model('ScheduleChange', scheduleChangeSchema);
