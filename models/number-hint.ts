import { model, Schema } from 'mongoose';
import { isDuplicateKey } from '../server/lib/duplicate-key';

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

/** Remembers the number just taken in a series; racing writers may leave an older one, which only costs a retry. */
export async function recordNumberHint(series: string, last: number): Promise<void> {
  try {
    await NumberHint.updateOne({ _id: series }, { $set: { last } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
