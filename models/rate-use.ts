import { model, Schema } from 'mongoose';

/**
 * One use of a rate-limited action (server/services/limits/rate-limit.ts): a document per use rather than a
 * counter, because the engine's updates are read-then-overwrite and simultaneous increments
 * would be lost. A limit of n uses is n slots; a use takes a slot by an insert whose `_id`
 * (`<bucket>#<slot>@<time of the slot's previous use>`) only one simultaneous use can write.
 */
const rateUseSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The limiter's name and the key it counts by (an address, an account). */
    bucket: { type: String, required: true },
    /** Which of the budget's slots the use took. */
    slot: { type: Number, required: true },
    at: { type: Date, required: true },
    /** The end of its window, rounded up to the hour for the sweep. */
    sweepAt: { type: Date, required: true },
  },
  { collection: 'rate_uses', versionKey: false },
);
rateUseSchema.index({ bucket: 1 });
rateUseSchema.index({ sweepAt: 1 });

export const RateUse = model('RateUse', rateUseSchema);
