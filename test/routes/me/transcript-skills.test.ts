import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Skill } from '../../../models/skill';
import { seedSkills } from '../../../server/seed/skill-list';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { shownDate } from '../../support/dates';
import { html } from '../../support/html';

describe("a trainee's skills record on /me and the transcript", () => {
  const ctx = useTestApp();
  let trainee: SignedIn;

  /** A finished course with the given skills (by code) and the trainee's enrollment in `status`, decided on `decidedAt`. */
  async function course(
    traineeId: unknown,
    codes: string[],
    status: 'completed' | 'not_completed' | 'enrolled',
    decidedAt: string,
    hours = { start: '09:00', end: '12:00' },
  ) {
    const c = await make.course({ status: 'closed', days: [dayFromNow(-20), dayFromNow(-19)], hours });
    const skills = await Promise.all(codes.map(async (code) => (await Skill.findOne({ code }).lean())?._id));
    await Course.updateOne({ _id: c._id }, { $set: { skills } });
    const e = await make.enrollment(c, { _id: traineeId }, status);
    if (status === 'completed')
      await Enrollment.updateOne({ _id: e._id }, { 'completion.decidedAt': new Date(`${decidedAt}T06:00:00Z`) });
    return c;
  }

  before(async function () {
    this.timeout(60_000);
    await seedSkills();
    const user = await make.trainee({ name: '역량 교육생' });
    // Electrode making in two courses (6 h and 4.5 h), cell assembly in one; a course not completed adds nothing.
    await course(user._id, ['NCS-ELECTRODE', 'TRK-CELL'], 'completed', '2026-03-10');
    await course(user._id, ['NCS-ELECTRODE'], 'completed', '2026-06-20', { start: '13:00', end: '15:15' });
    await course(user._id, ['NCS-FORMATION'], 'not_completed', '2026-06-21');
    await course(user._id, ['NCS-INSPECTION'], 'enrolled', '2026-06-22');
    // Retired after the trainee completed it: still part of the record.
    await Skill.updateOne({ code: 'TRK-CELL' }, { $set: { active: false } });
    trainee = await loginAgent(ctx.app, user.email);
  });

  /** Each row of the record: skill, hours, last completion, and the courses' lines. */
  function record(page: string) {
    const $ = html(page);
    return $('.skills-record-table tbody tr')
      .map((_i, tr) => ({
        code: $(tr).attr('data-skill'),
        skill: $(tr).find('th').text().trim(),
        hours: $(tr).find('[data-figure=hours]').text().trim(),
        courses: $(tr).find('li').length,
      }))
      .get();
  }

  it('shows each skill of the completed courses with their hours summed, in the list order, on /me', async () => {
    const res = await trainee.agent.get('/me').expect(200);
    assert.deepEqual(record(res.text), [
      { code: 'TRK-CELL', skill: '셀 설계·공정', hours: '6', courses: 1 },
      { code: 'NCS-ELECTRODE', skill: '전극 제조', hours: '10.5', courses: 2 },
    ]);
    const $ = html(res.text);
    const completed = shownDate(new Date('2026-03-10T06:00:00Z'));
    assert.match($('tr[data-skill="NCS-ELECTRODE"] li').first().text(), /^양극재 기초 \w+ \((.+), 6시간\)$/);
    assert.equal(/\((.+), 6시간\)$/.exec($('tr[data-skill="NCS-ELECTRODE"] li').first().text())?.[1], completed);
  });

  it('shows the same record on the transcript, in English too', async () => {
    const ko = await trainee.agent.get('/me/transcript').expect(200);
    assert.deepEqual(
      record(ko.text).map((r) => [r.code, r.hours]),
      [
        ['TRK-CELL', '6'],
        ['NCS-ELECTRODE', '10.5'],
      ],
    );
    const en = await trainee.agent.get('/me/transcript?lang=en').expect(200);
    assert.deepEqual(
      record(en.text).map((r) => r.skill),
      ['Cell design and manufacturing', 'Electrode manufacturing'],
    );
    assert.equal(html(en.text)('#skills-record-title').text(), 'Skills record');
    await trainee.agent.get('/me?lang=ko');
  });

  it('says so when no completed course has skills', async () => {
    const other = await make.trainee();
    await course(other._id, [], 'completed', '2026-05-01');
    const agent = await loginAgent(ctx.app, other.email);
    const transcript = await agent.agent.get('/me/transcript').expect(200);
    assert.equal(record(transcript.text).length, 0);
    assert.equal(html(transcript.text)('.skills-record .muted').text(), '수료한 과정에 아직 지정된 역량이 없습니다.');
  });
});
