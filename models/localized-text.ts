import { Schema } from 'mongoose';
import type { TextShape } from '../server/lib/text';
import { storedText } from './text';

/** A text in Korean (the default) and English, as every user-facing name in the domain has. */
export interface LocalizedText {
  ko: string;
  en: string;
}

/** `limit`: the text rule of a field that people type (models/text.ts); copies and seeded names need none. */
export function localizedText(required = true, limit?: { max: number } & TextShape) {
  const text = limit ? storedText(limit.max, limit) : { type: String, trim: true };
  return new Schema<LocalizedText>(
    {
      ko: { ...text, required, default: required ? undefined : '' },
      en: { ...text, required, default: required ? undefined : '' },
    },
    { _id: false },
  );
}
