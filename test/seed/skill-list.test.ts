import assert from 'node:assert/strict';
import { Skill } from '../../models/skill';
import { seedSkillList, seedSkills } from '../../server/seed/skill-list';
import { useTestApp } from '../support/app';

describe('seeding the skills list', () => {
  useTestApp();

  it('seeds each skill once when two instances start at the same moment', async () => {
    await Skill.deleteMany({});
    await Promise.all([seedSkills(), seedSkills(), seedSkills()]);
    const codes = (await Skill.find({}, { code: 1 }).lean()).map((s) => s.code).sort();
    assert.deepEqual(codes, seedSkillList.map((s) => s.code).sort());
  });
});
