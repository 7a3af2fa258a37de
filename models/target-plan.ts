import { model, Schema, Types, type InferSchemaType } from 'mongoose';
import { bumpsCacheVersion } from './plugins/bumps-cache-version';

/** What a target is set for: a university as a whole, or one of its tracks or skills. */
export const targetScopes = ['all', 'track', 'skill'] as const;
export type TargetScope = (typeof targetScopes)[number];

const targetSchema = new Schema(
  {
    university: { type: Schema.Types.ObjectId, ref: 'University', required: true },
    scope: { type: String, enum: targetScopes, required: true },
    /** The track code or the skill's _id; empty for a whole university. */
    key: { type: String, default: '' },
    /** Each measure is optional: null means no target for it. */
    trainees: { type: Number, min: 0, default: null },
    completions: { type: Number, min: 0, default: null },
    hours: { type: Number, min: 0, default: null },
  },
  { _id: false },
);

/**
 * The yearly targets agreed with the universities, one document per calendar year, edited by city
 * staff as one form (server/services/city/targets.ts) and read by the year's equality.
 */
const targetPlanSchema = new Schema(
  {
    year: { type: Number, required: true, min: 2000, max: 2099 },
    targets: { type: [targetSchema], default: [] },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
targetPlanSchema.index({ year: 1 }, { unique: true });
/** The cache version every write to the plans changes: the dashboard holds them until it does. */
export const targetPlansCacheKey = 'target-plans';
targetPlanSchema.plugin(bumpsCacheVersion(targetPlansCacheKey));

export type TargetDoc = InferSchemaType<typeof targetSchema>;
export type TargetPlanDoc = InferSchemaType<typeof targetPlanSchema> & { _id: Types.ObjectId };
export const TargetPlan = model('TargetPlan', targetPlanSchema);
