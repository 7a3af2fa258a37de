import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';
import { localizedText } from './localized-text';
import { storedText, textLimits } from './text';

/**
 * Where a skill comes from: one of the programme's tracks, a unit of the national competency
 * standards (NCS, 국가직무능력표준), or the city's own addition.
 */
export const skillSources = ['track', 'ncs', 'city'] as const;
export type SkillSource = (typeof skillSources)[number];

/** The city's cache version of the skills list (server/services/courses/skills.ts), changed by every write. */
export const skillsCacheKey = 'skills';

const sourceSchema = new Schema(
  {
    kind: { type: String, enum: skillSources, required: true },
    /** The NCS classification path and unit, or the track, as a reader can look it up. */
    reference: { ...storedText(textLimits.skillSource), default: '' },
    /** False while an NCS reference has not been checked against ncs.go.kr. */
    verified: { type: Boolean, default: false },
  },
  { _id: false },
);

/**
 * One entry of the battery-industry skills list that courses are tagged with. The code never
 * changes once created (courses and targets keep the _id; exports may show the code); names,
 * description, source and order are edited by city staff, and a skill is retired by deactivating it.
 */
const skillSchema = new Schema(
  {
    code: { type: String, required: true, trim: true, uppercase: true, maxlength: textLimits.skillCode },
    name: { type: localizedText(true, { max: textLimits.skillName }), required: true },
    description: {
      type: localizedText(false, { max: textLimits.skillDescription, multiline: true }),
      default: () => ({ ko: '', en: '' }),
    },
    source: { type: sourceSchema, required: true },
    active: { type: Boolean, default: true },
    order: { type: Number, default: 100 },
  },
  { timestamps: true },
);
skillSchema.index({ code: 1 }, { unique: true });
skillSchema.plugin(bumpsCacheVersion(skillsCacheKey));

export type SkillDoc = InferSchemaType<typeof skillSchema> & { _id: Types.ObjectId };
export const Skill = model('Skill', skillSchema);
