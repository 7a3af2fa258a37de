import { model, Schema, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { localizedText } from './localized-text';

const universitySchema = new Schema(
  {
    code: { type: String, required: true, lowercase: true, trim: true, match: /^[a-z][a-z0-9-]{1,30}$/ },
    name: { type: localizedText(), required: true },
    centre: { type: localizedText(), required: true },
    website: { type: String, trim: true },
    /** Other names people search by (포항공대 for POSTECH, 경북대 for 경북대학교): one list per university. */
    aliases: { type: [String], default: [] },
    /** Position in listings; the agreement's order. */
    order: { type: Number, default: 100 },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
);
universitySchema.index({ code: 1 }, { unique: true });
universitySchema.plugin(bumpsCacheVersion('catalog'));

export type UniversityDoc = InferSchemaType<typeof universitySchema>;
export const University = model('University', universitySchema);
