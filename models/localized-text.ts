import { Schema } from 'mongoose';

/** A text in Korean (the default) and English, as every user-facing name in the domain has. */
export interface LocalizedText {
  ko: string;
  en: string;
}

export function localizedText(required = true) {
  return new Schema<LocalizedText>(
    {
      ko: { type: String, required, trim: true, default: required ? undefined : '' },
      en: { type: String, required, trim: true, default: required ? undefined : '' },
    },
    { _id: false },
  );
}
