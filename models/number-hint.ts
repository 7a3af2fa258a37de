import { model, Schema } from 'mongoose';

/**
 * The last number handed out in a numbered series (e.g. `BTH-POSTECH-2026-`), read by `_id` so
 * that the next number is found without scanning the series. Only a hint: the unique index on
 * the numbered documents decides, and a hint that fell behind costs a retry or a scan, never a duplicate.
 */
const numberHintSchema = new Schema(
  { _id: { type: String, required: true }, last: { type: Number, required: true } },
  { versionKey: false },
);

export const NumberHint = model('NumberHint', numberHintSchema);
