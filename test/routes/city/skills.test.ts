import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Course } from '../../../models/course';
import { Skill } from '../../../models/skill';
import { seedSkills, seedSkillList } from '../../../server/seed/skill-list';
import { loginAgent, type SignedIn, postForm as post } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { courseFormBody } from '../../support/course-form';
import { make } from '../../support/factories';
import { html, texts } from '../../support/html';

describe('the skills list (/city/skills) and course skill tags', () => {
  const ctx = useTestApp();
  let city: SignedIn;
  let staff: SignedIn;

  before(async () => {
    await seedSkills();
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
  });

  const skillForm = (overrides: Record<string, unknown> = {}) => ({
    code: 'CITY-WELDING',
    nameKo: '레이저 용접',
    nameEn: 'Laser welding',
    descriptionKo: '탭·버스바 용접',
    descriptionEn: 'Tab and busbar welding',
    sourceKind: 'city',
    sourceReference: '',
    order: '500',
    ...overrides,
  });

  it('lists the seeded skills in both languages, with each source and unverified NCS references marked', async () => {
    const ko = await city.agent.get('/city/skills').expect(200);
    const names = texts(ko.text, '.skills-list .skill-name strong');
    assert.equal(names.length, seedSkillList.length);
    assert.ok(names.includes('전극 제조'));
    assert.ok(names.includes('이차전지 소재'));
    const $ = html(ko.text);
    assert.match($('tr[data-code="NCS-ELECTRODE"] .skill-source').text(), /NCS 누리집 확인 필요/);
    assert.doesNotMatch($('tr[data-code="TRK-CELL"] .skill-source').text(), /확인 필요/);
    const en = await city.agent.get('/city/skills?lang=en').expect(200);
    assert.ok(texts(en.text, '.skills-list .skill-name strong').includes('Electrode manufacturing'));
    await city.agent.get('/city/skills?lang=ko');
  });

  it('adds a skill, audited, and refuses a taken code and bad input with the input kept (422, nothing written)', async () => {
    await post(city, '/city/skills', skillForm()).expect(303);
    const added = await Skill.findOne({ code: 'CITY-WELDING' }).lean();
    assert.equal(added?.name.en, 'Laser welding');
    assert.equal(added?.source.kind, 'city');
    assert.equal(await AuditEvent.countDocuments({ action: 'skill.create', targetId: added?._id }), 1);

    const count = await Skill.countDocuments();
    const taken = await post(city, '/city/skills', skillForm({ code: 'city-welding' })).expect(422);
    assert.equal(html(taken.text)('#e-code').text(), '이 코드는 이미 다른 역량이 쓰고 있습니다.');
    const bad = await post(
      city,
      '/city/skills',
      skillForm({ code: 'bad code!', nameKo: '', order: '-3', sourceKind: 'wiki' }),
    ).expect(422);
    const $ = html(bad.text);
    assert.equal($('#e-code').text(), '영문, 숫자, 하이픈만 쓰고 영문이나 숫자로 시작해 주세요.');
    assert.equal($('#e-nameKo').text(), '필수 입력 항목입니다.');
    assert.equal($('#e-order').text(), '0에서 9999 사이의 숫자를 입력해 주세요.');
    assert.equal($('#f-nameEn').val(), 'Laser welding');
    assert.equal(await Skill.countDocuments(), count);
  });

  it('renames a skill (the code stays) and audits what changed', async () => {
    const skill = await Skill.findOne({ code: 'NCS-ASSEMBLY' }).lean();
    const edit = await city.agent.get(`/city/skills/${String(skill?._id)}/edit`).expect(200);
    assert.equal(html(edit.text)('#f-nameKo').val(), '셀 조립');
    await post(
      city,
      `/city/skills/${String(skill?._id)}/edit`,
      skillForm({ code: 'HACKED', nameKo: '셀 조립(스태킹)', sourceKind: 'ncs', sourceVerified: 'on' }),
    ).expect(303);
    const renamed = await Skill.findById(skill?._id).lean();
    assert.equal(renamed?.code, 'NCS-ASSEMBLY');
    assert.equal(renamed?.name.ko, '셀 조립(스태킹)');
    assert.equal(renamed?.source.verified, true);
    const audit = await AuditEvent.findOne({ action: 'skill.update', targetId: skill?._id }).lean();
    assert.deepEqual((audit?.after as { name: unknown }).name, { ko: '셀 조립(스태킹)', en: 'Laser welding' });
    await city.agent.get(`/city/skills/${'f'.repeat(24)}/edit`).expect(404);
    await city.agent.get('/city/skills/not-an-id/edit').expect(404);
  });

  it('tags a course with active skills only, at most eight, and keeps a tag retired after it was set', async () => {
    const [electrode, formation, inspection] = await Promise.all(
      ['NCS-ELECTRODE', 'NCS-FORMATION', 'NCS-INSPECTION'].map((code) => Skill.findOne({ code }).lean()),
    );
    const form = await staff.agent.get('/manage/courses/new').expect(200);
    const offered = texts(form.text, '.skill-choices label');
    assert.ok(offered.includes('전극 제조'));

    const body = courseFormBody({ code: 'SK-01', skills: [String(electrode?._id), String(formation?._id)] });
    const created = await post(staff, '/manage/courses/new', body).expect(303);
    const course = await Course.findOne({ code: 'SK-01' }).lean();
    assert.deepEqual(course?.skills.map(String), [String(electrode?._id), String(formation?._id)]);

    // Retired after tagging: it stays on the course and on its form, and editing still saves.
    await post(city, `/city/skills/${String(formation?._id)}/deactivate`).expect(303);
    assert.equal(await AuditEvent.countDocuments({ action: 'skill.deactivate', targetId: formation?._id }), 1);
    const editPage = await staff.agent.get(created.headers.location!).expect(200);
    assert.equal(
      html(editPage.text)(`input[name=skills][value="${String(formation?._id)}"]`).attr('checked'),
      'checked',
    );
    await post(staff, `/manage/courses/${String(course?._id)}/edit`, {
      ...body,
      skills: [String(formation?._id), String(inspection?._id)],
    }).expect(303);
    assert.deepEqual((await Course.findById(course?._id).lean())?.skills.map(String), [
      String(formation?._id),
      String(inspection?._id),
    ]);

    // A retired skill cannot be added to another course; unknown ids and too many are refused too.
    const other = await make.course({ university: 'postech', status: 'draft' });
    const refuse = async (skills: unknown, message: string) => {
      const res = await post(staff, `/manage/courses/${String(other._id)}/edit`, {
        ...courseFormBody({ code: other.code }),
        skills,
      }).expect(422);
      assert.equal(html(res.text)('#e-skills').text(), message);
    };
    await refuse([String(formation?._id)], '목록에 있는 역량을 선택해 주세요.');
    await refuse(['f'.repeat(24)], '목록에 있는 역량을 선택해 주세요.');
    await refuse(['<script>'], '목록에 있는 역량을 선택해 주세요.');
    const nine = (await Skill.find({ active: true }).limit(9).lean()).map((s) => String(s._id));
    await refuse(nine, '역량은 8개까지 선택할 수 있습니다.');
    assert.deepEqual((await Course.findById(other._id).lean())?.skills, []);

    await post(city, `/city/skills/${String(formation?._id)}/activate`).expect(303);
    assert.equal((await Skill.findById(formation?._id).lean())?.active, true);
  });

  it('is for city staff only: university staff and trainees get 403, and cannot post', async () => {
    const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
    const skill = await Skill.findOne({ code: 'TRK-CELL' }).lean();
    for (const who of [staff, trainee]) {
      await who.agent.get('/city/skills').expect(403);
      await post(who, '/city/skills', skillForm({ code: 'SNEAKY' })).expect(403);
      await post(who, `/city/skills/${String(skill?._id)}/deactivate`).expect(403);
    }
    assert.equal(await Skill.countDocuments({ code: 'SNEAKY' }), 0);
    assert.equal((await Skill.findById(skill?._id).lean())?.active, true);
  });
});
