import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { FormError, HttpError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import {
  checkCourseSkills,
  createSkill,
  listSkillsForCity,
  setSkillActive,
  taggableSkills,
  updateSkill,
} from '../../../server/services/courses/skills';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const input = (code: string) => ({
  code,
  name: { ko: `기술 ${code}`, en: `Skill ${code}` },
  description: { ko: '설명', en: 'About' },
  source: { kind: 'ncs' as const, reference: '1903', verified: true },
  order: 900,
});

describe('courses/skills: the city’s list of skills courses are tagged with', () => {
  useTestApp();

  it('lets city staff add a skill (code upper-cased, audited, unique) and no one else', async () => {
    const city = toActor(await make.cityStaff());
    const skill = await createSkill(city, input('cell-a1'));
    assert.equal(skill.code, 'CELL-A1');
    assert.equal(skill.active, true);
    assert.ok((await listSkillsForCity(city)).some((s) => String(s._id) === String(skill._id)));
    assert.ok(await AuditEvent.exists({ action: 'skill.create', targetId: skill._id }));
    await assert.rejects(
      createSkill(city, input('CELL-A1')),
      (e: unknown) => e instanceof FormError && e.errors.code === 'skills.errors.codeTaken',
    );
    await assert.rejects(
      createSkill(toActor(await make.staff('postech')), input('CELL-A2')),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
  });

  it('keeps a retired skill off new tags but on the courses that have it, and audits each change', async () => {
    const city = toActor(await make.cityStaff());
    const skill = await createSkill(city, input('cell-b1'));
    const id = String(skill._id);
    await checkCourseSkills([id]);
    const renamed = await updateSkill(city, id, { ...input('x'), name: { ko: '새 이름', en: 'New name' } });
    assert.equal(renamed.name.ko, '새 이름');
    await setSkillActive(city, id, false);
    assert.ok(!(await taggableSkills()).some((s) => String(s._id) === id));
    assert.ok(
      (await taggableSkills([id])).some((s) => String(s._id) === id),
      'kept on a course that has it',
    );
    await assert.rejects(
      checkCourseSkills([id]),
      (e: unknown) => e instanceof FormError && e.errors.skills === 'skills.errors.notOnList',
    );
    await checkCourseSkills([id], [skill._id]);
    const actions = (await AuditEvent.find({ targetId: skill._id }).sort({ at: 1 }).lean()).map((a) => a.action);
    assert.deepEqual(actions, ['skill.create', 'skill.update', 'skill.deactivate']);
    // Deactivating again changes nothing and audits nothing.
    await setSkillActive(city, id, false);
    assert.equal(await AuditEvent.countDocuments({ targetId: skill._id }), 3);
  });
});
