import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Skill } from '../../../models/skill';
import { TargetPlan } from '../../../models/target-plan';
import { seedSkills } from '../../../server/seed/skill-list';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { make, universityId } from '../../support/factories';
import { formBody, formFields, html, texts } from '../../support/html';

describe('yearly targets (/city/targets) and their progress on the dashboard', () => {
  const ctx = useTestApp();
  let city: SignedIn;
  let postech: string;
  let korea: string;

  before(async function () {
    this.timeout(60_000);
    await seedSkills();
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    [postech, korea] = await Promise.all([universityId('postech'), universityId('korea')]);
  });

  /** The year's form as a browser would post it, with some fields changed. */
  async function postForm(year: number, changes: Record<string, string>, status: number) {
    const page = await city.agent.get(`/city/targets?year=${year}`).expect(200);
    return city.agent
      .post('/city/targets')
      .type('form')
      .send(formBody(formFields(html(page.text), 'form.targets-form'), changes))
      .expect(status);
  }

  it('shows one row per university and blank rows, saves targets per university and per track or skill, audited', async () => {
    const page = await city.agent.get('/city/targets?year=2026').expect(200);
    const $ = html(page.text);
    assert.equal($('h1').text(), '2026년 목표');
    assert.equal($('select[name$="[university]"] option[selected]').length, 8);
    const skill = await Skill.findOne({ code: 'NCS-ELECTRODE' }).lean();
    // Rows 0 and 1 are POSTECH and Korea University (the agreement's order); 8 and 9 are blank.
    const res = await postForm(
      2026,
      {
        'targets[0][trainees]': '30',
        'targets[0][completions]': '20',
        'targets[0][hours]': '400',
        'targets[1][completions]': '12',
        'targets[8][university]': postech,
        'targets[8][focus]': 'track:cell',
        'targets[8][completions]': '5',
        'targets[9][university]': korea,
        'targets[9][focus]': `skill:${String(skill?._id)}`,
        'targets[9][hours]': '50',
      },
      303,
    );
    assert.equal(res.headers.location, '/city/targets?year=2026');
    const plan = await TargetPlan.findOne({ year: 2026 }).lean();
    assert.deepEqual(
      plan?.targets.map((t) => [String(t.university), t.scope, t.key, t.trainees, t.completions, t.hours]),
      [
        [postech, 'all', '', 30, 20, 400],
        [korea, 'all', '', null, 12, null],
        [postech, 'track', 'cell', null, 5, null],
        [korea, 'skill', String(skill?._id), null, null, 50],
      ],
    );
    const audit = await AuditEvent.findOne({ action: 'targets.update' }).lean();
    assert.deepEqual((audit?.after as Record<string, unknown>)['postech track:cell'], {
      trainees: null,
      completions: 5,
      hours: null,
    });
    // The saved plan comes back on the form as entered.
    const again = html((await city.agent.get('/city/targets?year=2026').expect(200)).text);
    assert.equal(again('input[name="targets[0][hours]"]').val(), '400');
    assert.equal(again('select[name="targets[8][focus]"] option[selected]').val(), 'track:cell');
    const other = html((await city.agent.get('/city/targets?year=2027').expect(200)).text);
    assert.equal(other('input[name="targets[0][hours]"]').val(), '');
  });

  it('refuses negative, fractional and non-numeric targets, rows without a university and duplicates (422, input kept, nothing written)', async () => {
    const before = JSON.stringify(await TargetPlan.findOne({ year: 2026 }).lean());
    // Rows 8 and 9 now hold the saved targets per track and skill; row 10 is blank.
    const res = await postForm(
      2026,
      {
        'targets[0][trainees]': '-1',
        'targets[0][completions]': '2.5',
        'targets[1][hours]': 'many',
        'targets[10][university]': '',
        'targets[10][focus]': 'track:cell',
        'targets[10][hours]': '7',
      },
      422,
    );
    const $ = html(res.text);
    assert.deepEqual(texts(res.text, '.row-error .error'), [
      '0에서 1000000 사이의 숫자를 입력해 주세요.',
      '정수를 입력해 주세요.',
      '숫자를 입력해 주세요.',
      '필수 입력 항목입니다.',
    ]);
    assert.equal($('input[name="targets[0][trainees]"]').val(), '-1');
    assert.equal($('input[name="targets[1][hours]"]').val(), 'many');
    const duplicate = await postForm(
      2026,
      {
        'targets[10][university]': postech,
        'targets[10][completions]': '3',
      },
      422,
    );
    assert.deepEqual(texts(duplicate.text, '.row-error .error'), [
      '이 대학에 같은 대상의 행이 이미 있습니다. 하나만 남겨 주세요.',
    ]);
    const unknown = await postForm(
      2026,
      {
        'targets[10][university]': postech,
        'targets[10][focus]': `skill:${'f'.repeat(24)}`,
        'targets[10][completions]': '3',
      },
      422,
    );
    assert.deepEqual(texts(unknown.text, '.row-error .error'), ['목록에서 목표 대상을 선택해 주세요.']);
    const badYear = await city.agent
      .post('/city/targets')
      .type('form')
      .send({ _csrf: city.csrf, year: '1999', 'targets[0][university]': postech, 'targets[0][hours]': '1' })
      .expect(422);
    assert.equal(html(badYear.text)('#e-year').text(), '2000에서 2099 사이의 숫자를 입력해 주세요.');
    assert.equal(JSON.stringify(await TargetPlan.findOne({ year: 2026 }).lean()), before);
    assert.equal(await TargetPlan.countDocuments({ year: 1999 }), 0);
  });

  it('shows progress on the dashboard with the same numbers in the table and the charts, in both languages', async () => {
    const trainees = await Promise.all([make.trainee(), make.trainee(), make.trainee()]);
    const course = await make.course({
      university: 'postech',
      track: 'cell',
      status: 'completed',
      days: ['2026-05-04', '2026-05-05'],
    });
    await make.enrollment(course, trainees[0]!, 'completed');
    await make.enrollment(course, trainees[1]!, 'completed');
    await make.enrollment(course, trainees[2]!, 'not_completed');
    const page = await city.agent.get('/city?period=2026-Q2').expect(200);
    const $ = html(page.text);
    assert.equal($('#target-progress-title').text(), '2026년 목표 달성 현황');
    const row = $('.target-table tr[data-university=postech][data-focus="track:cell"]');
    assert.equal(row.find('[data-figure=completions-actual]').text(), '2');
    assert.equal(row.find('[data-figure=completions-target]').text(), '5');
    assert.equal(row.find('[data-figure=completions-share]').text().trim(), '40%');
    const all = $('.target-table tr[data-university=postech][data-focus="all:"]');
    assert.deepEqual(
      ['trainees', 'completions', 'hours'].map((m) => all.find(`[data-figure=${m}-actual]`).text()),
      ['3', '2', '12'],
    );
    // The completions chart has the same figures as the table, one bar per target with a completions target.
    const chart = $('figure[data-measure=completions] .chart');
    assert.deepEqual(texts(chart.toString(), '.chart-label'), ['포스텍', '포스텍 · 셀·공정', '고려대학교']);
    assert.deepEqual(texts(chart.toString(), '.chart-value'), ['2 / 20 (10%)', '2 / 5 (40%)', '0 / 12 (0%)']);
    assert.equal($('.target-summary').text(), '목표 6개 중 0개 달성');
    const en = html((await city.agent.get('/city?lang=en').expect(200)).text);
    assert.equal(en('#target-progress-title').text(), 'Progress against the 2026 targets');
    assert.ok(
      texts(en.html(), 'figure[data-measure=hours] .chart-label').includes(
        'Korea University · Electrode manufacturing',
      ),
    );
    await city.agent.get('/city?lang=ko');
    const none = html((await city.agent.get('/city?period=2025-Q1').expect(200)).text);
    assert.equal(none('.target-progress .muted').text(), '2025년 목표가 아직 없습니다.');
  });

  it('is for city staff only: university staff and trainees get 403 and write nothing', async () => {
    const before = JSON.stringify(await TargetPlan.findOne({ year: 2026 }).lean());
    for (const user of [await make.staff('postech'), await make.trainee()]) {
      const who = await loginAgent(ctx.app, user.email);
      await who.agent.get('/city/targets').expect(403);
      await who.agent
        .post('/city/targets')
        .type('form')
        .send({ _csrf: who.csrf, year: '2026', 'targets[0][university]': postech, 'targets[0][hours]': '1' })
        .expect(403);
    }
    assert.equal(JSON.stringify(await TargetPlan.findOne({ year: 2026 }).lean()), before);
  });
});
