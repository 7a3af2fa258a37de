import { model, Schema } from 'mongoose';

/**
 * The right to run a course's allocator (server/services/allocation/lease.ts): taken by inserting
 * the course's `_id` (a unique insert, so one holder across instances), renewed by its holder,
 * and taken over by deleting it once `expiresAt` has passed (a delete claims once).
 */
const courseLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'course_leases', versionKey: false },
);

export const CourseLease = model('CourseLease', courseLeaseSchema);
