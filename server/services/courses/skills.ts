import { readCacheVersion } from '../../../models/cache-version';
import type { Types } from 'mongoose';
import { Skill, skillsCacheKey, type SkillDoc, type SkillSource } from '../../../models/skill';
import type { Actor } from '../../auth/actor';
import { assertCanOnProgramme } from '../../auth/policy';
import { FormError, NotFoundError } from '../../errors';
import { isDuplicateKey } from '../../lib/duplicate-key';
import { objectIdOr404 } from '../../lib/ids';
import { VersionedCache } from '../../lib/versioned-cache';
import { recordAudit } from '../audit/record';

type Localized = { ko: string; en: string };

/** A skill as city staff write it; the code is set once, when the skill is added. */
export interface SkillInput {
  name: Localized;
  description: Localized;
  source: { kind: SkillSource; reference: string; verified: boolean };
  order: number;
}

/**
 * The whole list (a few dozen entries), in the city's order, cached behind the `skills` version
 * that every write to the collection changes (models/skill.ts), so pages read it from memory.
 */
const skillsCache = new VersionedCache(
  () => readCacheVersion(skillsCacheKey),
  async () => {
    const skills = await Skill.find().sort({ order: 1, code: 1 }).lean<SkillDoc[]>();
    return { skills, byId: new Map(skills.map((s) => [String(s._id), s])) };
  },
);

/** Every skill, active or not, in the list's order, and the same by id. */
export function skillsList(): Promise<{ skills: readonly SkillDoc[]; byId: ReadonlyMap<string, SkillDoc> }> {
  return skillsCache.get();
}

/** The skills staff may tag a course with: the active ones, plus those already on the course. */
export async function taggableSkills(kept: readonly (Types.ObjectId | string)[] = []): Promise<SkillDoc[]> {
  const keep = new Set(kept.map(String));
  return (await skillsList()).skills.filter((s) => s.active || keep.has(String(s._id)));
}

/**
 * Refuses tags that are not on the list: unknown ids, and inactive skills unless the course has
 * them already (a skill retired later does not block editing the course). Throws on the `skills` field.
 */
export async function checkCourseSkills(
  ids: readonly string[],
  kept: readonly (Types.ObjectId | string)[] = [],
): Promise<void> {
  const allowed = new Set((await taggableSkills(kept)).map((s) => String(s._id)));
  if (ids.some((id) => !allowed.has(id))) throw new FormError({ skills: 'skills.errors.notOnList' });
}

/** The list as city staff manage it. */
export async function listSkillsForCity(actor: Actor): Promise<readonly SkillDoc[]> {
  assertCanOnProgramme(actor, 'skills:manage');
  return (await skillsList()).skills;
}

export async function getSkill(actor: Actor, id: string): Promise<SkillDoc> {
  assertCanOnProgramme(actor, 'skills:manage');
  const skill = await Skill.findById(objectIdOr404(id)).lean<SkillDoc>();
  if (!skill) throw new NotFoundError();
  return skill;
}

export async function createSkill(actor: Actor, input: SkillInput & { code: string }): Promise<SkillDoc> {
  assertCanOnProgramme(actor, 'skills:manage');
  const skill = await Skill.create({ ...input, code: input.code.toUpperCase(), active: true }).catch((err: unknown) => {
    if (isDuplicateKey(err)) throw new FormError({ code: 'skills.errors.codeTaken' });
    throw err;
  });
  await recordAudit({
    actor,
    action: 'skill.create',
    target: { type: 'Skill', id: skill._id },
    after: { code: skill.code, name: input.name },
  });
  return skill.toObject();
}

/** Renames (and re-describes, re-sources, re-orders) a skill; courses keep their tags. */
export async function updateSkill(actor: Actor, id: string, input: SkillInput): Promise<SkillDoc> {
  const current = await getSkill(actor, id);
  const skill = await Skill.findById(current._id);
  if (!skill) throw new NotFoundError();
  skill.set(input);
  await skill.save();
  const saved = skill.toObject();
  const fields = (s: SkillDoc) => ({ name: s.name, description: s.description, source: s.source, order: s.order });
  await recordAudit({
    actor,
    action: 'skill.update',
    target: { type: 'Skill', id: skill._id },
    changed: { from: fields(current), to: fields(saved) },
  });
  return saved;
}

/**
 * Retires a skill from the course form, or brings it back. Nothing is deleted: courses, records
 * and targets that name the skill keep it.
 */
export async function setSkillActive(actor: Actor, id: string, active: boolean): Promise<SkillDoc> {
  const current = await getSkill(actor, id);
  if (current.active === active) return current;
  await Skill.updateOne({ _id: current._id }, { $set: { active } });
  await recordAudit({
    actor,
    action: active ? 'skill.activate' : 'skill.deactivate',
    target: { type: 'Skill', id: current._id },
    before: { active: current.active },
    after: { active },
  });
  return { ...current, active };
}
