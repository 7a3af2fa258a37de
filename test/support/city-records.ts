import assert from 'node:assert/strict';
import { Skill } from '../../models/skill';
import type { Actor } from '../../server/auth/actor';
import { seedSkills } from '../../server/seed/skill-list';
import { updateSkill } from '../../server/services/courses/skills';

/** A record of the city's own: the skills list is seeded and NCS-ELECTRODE renamed (source verified) by `actor`; the skill as it was. */
export async function renameElectrodeSkill(actor: Actor) {
  await seedSkills();
  const skill = await Skill.findOne({ code: 'NCS-ELECTRODE' }).lean();
  assert.ok(skill);
  await updateSkill(actor, String(skill._id), {
    name: { ko: '전극 공정', en: 'Electrode process' },
    description: skill.description,
    source: { kind: skill.source.kind, reference: skill.source.reference ?? '', verified: true },
    order: skill.order,
  });
  return skill;
}
