import { model, Schema } from 'mongoose';

/**
 * One use of a rate-limited action (server/lib/rate-limit.ts): a document per use rather than a
 * counter, because the engine's updates are read-then-overwrite and simultaneous increments
 * would be lost, while simultaneous inserts all count.
 */
const rateUseSchema = new Schema(
  {
    /** The limiter's name and the key it counts by (an address, an account). */
    bucket: { type: String, required: true },
    at: { type: Date, required: true },
    /** The end of its window, rounded up to the hour for the sweep. */
    sweepAt: { type: Date, required: true },
  },
  { collection: 'rate_uses', versionKey: false },
);
rateUseSchema.index({ bucket: 1 });
rateUseSchema.index({ sweepAt: 1 });

export const RateUse = model('RateUse', rateUseSchema);
