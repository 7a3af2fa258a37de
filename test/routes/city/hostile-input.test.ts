import assert from 'node:assert/strict';
import { universityId } from '../../support/factories';
import { html } from '../../support/html';
import { Skill } from '../../../models/skill';
import { TargetPlan } from '../../../models/target-plan';
import { textLimits } from '../../../models/text';
import {
  required,
  invalid,
  tooLong,
  character,
  hostileText,
  hostileMultilineText,
  malformedDays,
  bodyWith,
  everyCount,
  assertRefused,
  assertAllRefused,
  noteProblem,
  hostileFixture,
  type HostileFixture,
} from '../../support/hostile-input';
import { useTestApp } from '../../support/app';

describe('hostile input, the city’s forms: every form answers 4xx with a message, writes nothing, never 500', () => {
  const ctx = useTestApp();
  let city: HostileFixture['city'];

  before(async function () {
    this.timeout(60_000);
    ({ city } = await hostileFixture(ctx.app));
  });

  it('staff accounts: name, email and university', async () => {
    const base = {
      _csrf: city.csrf,
      name: '새 담당자',
      email: 'hostile-staff@example.kr',
      role: 'university_staff',
      university: await universityId('knu'),
    };
    const post = (body: Record<string, unknown>) => city.agent.post('/city/staff').type('form').send(body);
    const counts = await everyCount();
    for (const c of hostileText(textLimits.personName))
      assertRefused(await post(bodyWith(base, 'name', c.value)), '#e-name', c.says, `name: ${c.label}`);
    for (const [value, says] of [
      ['kim\u202E@example.kr', '올바른 이메일'],
      [['a@example.kr', 'b@example.kr'], invalid],
      [`${'a'.repeat(250)}@example.kr`, tooLong(254)],
      [undefined, required],
    ] as const) {
      assertRefused(await post(bodyWith(base, 'email', value)), '#e-email', says, `email ${JSON.stringify(value)}`);
    }
    for (const university of ['not-an-id', ['a', 'b']])
      assertRefused(
        await post({ ...base, university }),
        '.form-errors',
        /입력 내용을 확인해 주세요/,
        `university ${JSON.stringify(university)}`,
      );
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
  });

  it('skills: code, names, description, source and order', async () => {
    const base = {
      _csrf: city.csrf,
      code: 'HOSTILE-1',
      nameKo: '역량',
      nameEn: 'Skill',
      descriptionKo: '',
      descriptionEn: '',
      sourceKind: 'city',
      sourceReference: '',
      order: '10',
    };
    const post = (body: Record<string, unknown>) => city.agent.post('/city/skills').type('form').send(body);
    const counts = [await everyCount(), await Skill.countDocuments()];
    for (const c of hostileText(100))
      assertRefused(await post(bodyWith(base, 'nameEn', c.value)), '#e-nameEn', c.says, `nameEn: ${c.label}`);
    for (const c of hostileMultilineText(500))
      assertRefused(
        await post(bodyWith(base, 'descriptionKo', c.value)),
        '#e-descriptionKo',
        c.says,
        `descriptionKo: ${c.label}`,
      );
    for (const [field, value, says] of [
      ['code', 'HOSTILE\u202E', /./],
      ['code', ['A', 'B'], invalid],
      ['sourceKind', { a: 'city' }, required],
      ['sourceKind', 'wikipedia', required],
      ['order', ['1', '2'], '숫자를 입력해 주세요.'],
      ['order', '99999999999999999999', /정수를|사이의 숫자/],
    ] as const)
      assertRefused(await post(bodyWith(base, field, value)), `#e-${field}`, says, `${field} ${JSON.stringify(value)}`);
    assertAllRefused();
    assert.deepEqual([await everyCount(), await Skill.countDocuments()], counts);
  });

  it('targets: the year and every number of every row', async () => {
    const university = await universityId('postech');
    // One row as a browser posts it (`targets[0][hours]=…`; the test client would nest a list differently).
    const row = (values: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries({ university, focus: '', trainees: '', completions: '', hours: '', ...values }).map(([k, v]) => [
          `targets[0][${k}]`,
          v,
        ]),
      );
    const post = (body: Record<string, unknown>) =>
      city.agent
        .post('/city/targets')
        .type('form')
        .send({ _csrf: city.csrf, year: '2026', ...body });
    const counts = [await everyCount(), await TargetPlan.countDocuments()];
    for (const [label, body] of [
      ['a negative number', row({ trainees: '-5' })],
      ['a fraction', row({ hours: '0.5' })],
      ['an array', row({ completions: ['1', '2'] })],
      ['an object', row({ completions: { a: '1' } })],
      ['a huge number', row({ hours: '1e12' })],
      ['an unknown focus', row({ focus: 'track:nuclear', hours: '3' })],
      ['a focus that is not one', row({ focus: '$where', hours: '3' })],
      ['a university that is not one', row({ university: 'postech', hours: '3' })],
      ['rows as a string', { targets: 'all of them' }],
      ['a year as an array', { year: ['2026', '2027'], ...row({ hours: '3' }) }],
      ['a year out of range', { year: '20260', ...row({ hours: '3' }) }],
    ] as const) {
      const res = await post(body);
      if (res.status !== 422) noteProblem(`${label}: answered ${res.status}`);
    }
    assertAllRefused();
    assert.deepEqual([await everyCount(), await TargetPlan.countDocuments()], counts);
  });

  it('city audit filter: a day that is not on the calendar gets a message, not a 500', async () => {
    const get = (query: string) => city.agent.get(`/city/audit?${query}`);
    for (const c of malformedDays)
      assertRefused(await get(`from=${encodeURIComponent(c.value as string)}`), '#e-from', c.says, `from: ${c.label}`);
    assertRefused(await get('to=2027-02-30'), '#e-to', '2027-02-30', 'to');
    assertRefused(
      await get('from=2027-03-02&to=2027-03-01'),
      '#e-to',
      '종료일은 시작일보다 빠를 수 없습니다.',
      'to before from',
    );
    assertRefused(await get('from=2027-03-01&from=2027-03-02'), '#e-from', invalid, 'from twice');
    assertRefused(await get(`person=${encodeURIComponent('kim\u202E')}`), '#e-person', character('202E'), 'person');
    assertRefused(
      await get('from=2026-01-01&to=2099-12-31'),
      '#e-from',
      '366일까지',
      'a range longer than the log walks',
    );
    assertRefused(await get('action=course.%3Cscript%3E'), '#e-action', invalid, 'an action that does not exist');
    assertAllRefused();
    const ok = await get('from=2026-01-01&to=2026-03-31&page=abc').expect(200);
    assert.equal(html(ok.text)('.error').length, 0);
  });
});
