import { model, Schema } from 'mongoose';

/**
 * One period of a periodic job, claimed by the app instance that runs it. The `_id` is the job
 * and the period's start, so of several instances inserting the same claim exactly one succeeds
 * (a duplicate key tells the others it is taken): a job runs at most once per period across
 * instances, whatever the engine's updates guarantee.
 */
const jobClaimSchema = new Schema(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    period: { type: Date, required: true },
    instance: { type: String, required: true },
    claimedAt: { type: Date, required: true },
    /** Set when the run ended without an error; the next run starts from the last finished one. */
    finishedAt: { type: Date },
  },
  { collection: 'job_claims', versionKey: false },
);
jobClaimSchema.index({ job: 1 });

export const JobClaim = model('JobClaim', jobClaimSchema);
