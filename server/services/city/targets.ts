import { tracks } from '../../../models/course';
import { readCacheVersion } from '../../../models/cache-version';
import { VersionedCache } from '../../lib/versioned-cache';
import { TargetPlan, targetPlansCacheKey, type TargetPlanDoc, type TargetScope } from '../../../models/target-plan';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { FormError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { recordAudit } from '../audit/record';
import { skillsList } from '../courses/skills';
import { listUniversities } from '../courses/universities';

export const targetMeasures = ['trainees', 'completions', 'hours'] as const;
export type TargetMeasure = (typeof targetMeasures)[number];

/** One target as city staff set it; a measure left blank (`null`) has no target. */
export interface TargetInput {
  university: string;
  scope: TargetScope;
  /** Track code or skill id; empty for the whole university. */
  key: string;
  trainees: number | null;
  completions: number | null;
  hours: number | null;
}

/** `track:cell`, `skill:<id>`, or '' for a whole university: how the form names what a target is for. */
export function focusOf(t: Pick<TargetInput, 'scope' | 'key'>): string {
  return t.scope === 'all' ? '' : `${t.scope}:${t.key}`;
}

/** A year's targets (none yet: an empty plan). */
export async function getTargetPlan(actor: Actor, year: number): Promise<{ year: number; targets: TargetInput[] }> {
  assertCanOnProgramme(actor, 'targets:manage');
  return { year, targets: await storedTargets(year) };
}

/** Every year's plan (a small document a year), read again only after a plan was written. */
const plans = new VersionedCache(
  () => readCacheVersion(targetPlansCacheKey),
  async () => new Map((await TargetPlan.find().lean<TargetPlanDoc[]>()).map((plan) => [plan.year, plan])),
);

/** Every year's plan as held now: the same object until a plan is written (what the dashboard's view was built from). */
export function heldTargetPlans(): Promise<ReadonlyMap<number, TargetPlanDoc>> {
  return plans.get();
}

/** The stored targets of a year, for the dashboard as for the form. */
export async function storedTargets(year: number): Promise<TargetInput[]> {
  const plan = (await plans.get()).get(year);
  return (plan?.targets ?? []).map((t) => ({
    university: String(t.university),
    scope: t.scope,
    key: t.key ?? '',
    trainees: t.trainees ?? null,
    completions: t.completions ?? null,
    hours: t.hours ?? null,
  }));
}

/**
 * Refuses rows that name an unknown university, track or skill, and a second row for the same
 * university and focus; each message is on its row (`targets.<i>.<field>`, the form's indexes).
 */
async function checkRows(rows: readonly (TargetInput & { row: number })[]): Promise<void> {
  const [universities, { byId: skills }] = await Promise.all([listUniversities(), skillsList()]);
  const known = new Set(universities.map((u) => String(u._id)));
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  for (const t of rows) {
    const focusKnown =
      t.scope === 'all' ||
      (t.scope === 'track' && (tracks as readonly string[]).includes(t.key)) ||
      (t.scope === 'skill' && skills.has(t.key));
    const pair = `${t.university} ${focusOf(t)}`;
    if (!known.has(t.university)) errors[`targets.${t.row}.university`] = 'targets.errors.university';
    else if (!focusKnown) errors[`targets.${t.row}.focus`] = 'targets.errors.focus';
    else if (seen.has(pair)) errors[`targets.${t.row}.focus`] = 'targets.errors.duplicate';
    seen.add(pair);
  }
  if (Object.keys(errors).length) throw new FormError(errors);
}

/** The audit's shape of a plan: one entry per university and focus, so the log names what changed. */
function audited(targets: readonly TargetInput[], codes: ReadonlyMap<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    targets.map((t) => [
      [codes.get(t.university) ?? t.university, focusOf(t)].filter(Boolean).join(' '),
      { trainees: t.trainees, completions: t.completions, hours: t.hours },
    ]),
  );
}

/**
 * Replaces a year's targets with the form's rows (`row` is each one's index on the form). Rows
 * with no measure filled in are blank and dropped. Audited with what changed.
 */
export async function saveTargetPlan(
  actor: Actor,
  year: number,
  rows: readonly (TargetInput & { row: number })[],
): Promise<void> {
  assertCanOnProgramme(actor, 'targets:manage');
  const filled = rows.filter((t) => targetMeasures.some((m) => t[m] !== null));
  await checkRows(filled);
  const before = await storedTargets(year);
  const targets = filled.map((t): TargetInput => ({
    university: t.university,
    scope: t.scope,
    key: t.key,
    trainees: t.trainees,
    completions: t.completions,
    hours: t.hours,
  }));
  const write = () =>
    TargetPlan.replaceOne({ year }, { year, targets, updatedBy: actor.id }, { upsert: true, runValidators: true });
  // Two first saves of a year race to insert it: the loser overwrites the winner, as a later save would.
  await write().catch((err: unknown) => (isDuplicateKey(err) ? write() : Promise.reject(err)));
  const [plan, universities] = await Promise.all([TargetPlan.findOne({ year }, { _id: 1 }).lean(), listUniversities()]);
  const codes = new Map(universities.map((u) => [String(u._id), u.code]));
  await recordAudit({
    actor,
    action: 'targets.update',
    target: plan ? { type: 'TargetPlan', id: plan._id } : undefined,
    meta: { year },
    changed: { from: audited(before, codes), to: audited(targets, codes) },
  });
}
