import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { Skill } from '../../../models/skill';
import type { Actor } from '../../../server/auth/actor';
import { refreshCourseFigures } from '../../../server/services/copies/course-figures';
import { cityDashboardView } from '../../../server/services/city/dashboard';
import { saveTargetPlan, type TargetInput } from '../../../server/services/city/targets';
import { seedSkills } from '../../../server/seed/skill-list';
import { useTestApp } from '../../support/app';
import { actorOf, type CreatedStatus, days, make, universityId } from '../../support/factories';
import { enrolAtRandom, lcg } from '../../support/generated-programme';

interface Spec {
  university: string;
  track: string;
  skills: string[];
  /** Calendar year of the course's last session; null for a course that counts nowhere. */
  year: number | null;
  hours: number;
  trainee: number;
  status: CreatedStatus;
}

describe('progress against yearly targets on a generated dataset', () => {
  useTestApp();
  const specs: Spec[] = [];
  let city: Actor;
  const skillId = new Map<string, string>();
  // Hours per course: 3 sessions of 3 h, or of 2.5 h.
  const courseKeys = [
    {
      university: 'postech',
      track: 'cell',
      start: '2026-03-02',
      status: 'completed',
      skills: ['NCS-ELECTRODE', 'TRK-CELL'],
      long: true,
    },
    {
      university: 'postech',
      track: 'materials',
      start: '2026-07-06',
      status: 'completed',
      skills: ['NCS-CHEM-SAFETY'],
      long: false,
    },
    {
      university: 'postech',
      track: 'cell',
      start: '2025-11-03',
      status: 'completed',
      skills: ['NCS-ELECTRODE'],
      long: true,
    },
    // Its last session is on 2026-01-01: a 2026 course, as its quarter is 2026-Q1.
    {
      university: 'korea',
      track: 'cell',
      start: '2025-12-30',
      status: 'completed',
      skills: ['NCS-ELECTRODE'],
      long: false,
    },
    {
      university: 'korea',
      track: 'recycling',
      start: '2026-09-01',
      status: 'completed',
      skills: ['NCS-CHEM-SAFETY', 'TRK-RECYCLING'],
      long: true,
    },
    {
      university: 'knu',
      track: 'data_ai',
      start: '2026-10-05',
      status: 'closed',
      skills: ['NCS-DATA-ANALYSIS'],
      long: true,
    },
    {
      university: 'knu',
      track: 'cell',
      start: '2026-04-06',
      status: 'cancelled',
      skills: ['NCS-ELECTRODE'],
      long: true,
    },
  ] as const;

  before(async function () {
    this.timeout(120_000);
    await seedSkills();
    for (const s of await Skill.find().lean()) skillId.set(s.code, String(s._id));
    city = await actorOf(await make.cityStaff());
    const rand = lcg(7);
    const people = [];
    for (let i = 0; i < 14; i++) people.push(await make.trainee({ name: `목표생${i}` }));
    for (const key of courseKeys) {
      const course = await make.course({
        university: key.university,
        track: key.track,
        status: key.status,
        days: days(key.start, 3),
        hours: key.long ? { start: '09:00', end: '12:00' } : { start: '09:00', end: '11:30' },
        capacity: 50,
      });
      await Course.updateOne({ _id: course._id }, { $set: { skills: key.skills.map((c) => skillId.get(c)) } });
      const last = days(key.start, 3).at(-1)!;
      const decidedAt = new Date(`${last}T09:00:00Z`);
      for (const { trainee: pi, status } of await enrolAtRandom(course, people, rand, { skip: 0.35, decidedAt })) {
        specs.push({
          university: key.university,
          track: key.track,
          skills: key.skills.map((c) => skillId.get(c)!),
          year: key.status === 'cancelled' ? null : Number(last.slice(0, 4)),
          hours: key.long ? 9 : 7.5,
          trainee: pi,
          status,
        });
      }
    }
  });

  /** What a target's university and focus reached in a year, counted from the specs alone. */
  function expected(year: number, university: string, scope: string, key: string) {
    const rows = specs.filter(
      (s) =>
        s.year === year &&
        s.university === university &&
        ['enrolled', 'completed', 'not_completed', 'withdrawn'].includes(s.status) &&
        (scope === 'all' || (scope === 'track' && s.track === key) || (scope === 'skill' && s.skills.includes(key))),
    );
    const completed = rows.filter((s) => s.status === 'completed');
    return {
      trainees: new Set(rows.map((s) => s.trainee)).size,
      completions: completed.length,
      hours: Math.round(completed.reduce((sum, s) => sum + s.hours, 0) * 10) / 10,
    };
  }

  it('matches every target of the year with the actuals counted independently, per university, track and skill', async () => {
    const ids = new Map(
      await Promise.all(['postech', 'korea', 'knu', 'yu'].map(async (c) => [c, await universityId(c)] as const)),
    );
    const target = (
      university: string,
      scope: TargetInput['scope'],
      key: string,
      trainees: number | null,
      completions: number | null,
      hours: number | null,
    ) => ({ university: ids.get(university)!, scope, key, trainees, completions, hours });
    const electrode = skillId.get('NCS-ELECTRODE')!;
    const chemicals = skillId.get('NCS-CHEM-SAFETY')!;
    const plan = [
      target('postech', 'all', '', 8, 5, 40),
      target('postech', 'track', 'cell', null, 2, null),
      target('postech', 'skill', electrode, 3, null, 20),
      target('korea', 'all', '', 12, 9, 60),
      target('korea', 'skill', chemicals, null, 1, 10),
      target('knu', 'all', '', 0, 0, null),
      target('yu', 'all', '', 5, null, null),
    ];
    await saveTargetPlan(
      city,
      2026,
      plan.map((t, row) => ({ ...t, row })),
    );
    await saveTargetPlan(city, 2025, [{ ...target('postech', 'all', '', 4, 4, 30), row: 0 }]);

    for (const [filter, year, universities] of [
      [{}, 2026, ['postech', 'korea', 'knu', 'yu']],
      [{ period: '2026-Q3' }, 2026, ['postech', 'korea', 'knu', 'yu']],
      [{ university: 'korea' }, 2026, ['korea']],
      [{ period: '2025-Q4', track: 'materials' }, 2025, ['postech']],
    ] as const) {
      const { targets } = await cityDashboardView(city, filter);
      assert.equal(targets.year, year);
      const wanted = (year === 2026 ? plan : [target('postech', 'all', '', 4, 4, 30)]).filter((t) =>
        (universities as readonly string[]).some((u) => ids.get(u) === t.university),
      );
      assert.equal(targets.rows.length, wanted.length, JSON.stringify(filter));
      let met = 0;
      let set = 0;
      for (const t of wanted) {
        const code = [...ids].find(([, id]) => id === t.university)![0];
        const row = targets.rows.find((r) => r.university === code && r.scope === t.scope && r.key === t.key);
        assert.ok(row, `${code} ${t.scope} ${t.key}`);
        const actual = expected(year, code, t.scope, t.key);
        for (const m of ['trainees', 'completions', 'hours'] as const) {
          const goal = t[m];
          const want = {
            actual: actual[m],
            target: goal,
            ratio: goal ? actual[m] / goal : null,
            met: goal === null ? null : actual[m] >= goal,
          };
          assert.deepEqual(row.measures[m], want, `${code} ${t.scope} ${t.key} ${m} for ${JSON.stringify(filter)}`);
          if (goal !== null) set++;
          if (want.met) met++;
        }
      }
      assert.deepEqual([targets.met, targets.set], [met, set]);
      // Each chart holds exactly the rows with a target for its measure.
      for (const chart of targets.charts)
        assert.deepEqual(
          chart.rows,
          targets.rows.filter((r) => r.measures[chart.measure].target !== null),
        );
    }
    // The generated data is not degenerate: some targets are met, some not, and a trainee counts once a year.
    const { targets } = await cityDashboardView(city, {});
    const postech = targets.rows.find((r) => r.university === 'postech' && r.scope === 'all')!;
    assert.ok(
      postech.measures.trainees.actual > 0 &&
        postech.measures.trainees.actual <
          specs.filter(
            (s) =>
              s.university === 'postech' &&
              s.year === 2026 &&
              s.status !== 'pending' &&
              s.status !== 'waitlisted' &&
              s.status !== 'rejected',
          ).length,
    );
    assert.ok(targets.met > 0 && targets.met < targets.set);
  });

  it('follows a course newly tagged with a skill once its figures are refreshed (as every course edit does)', async () => {
    const before = (await cityDashboardView(city, {})).targets.rows.find(
      (r) => r.university === 'korea' && r.scope === 'skill',
    )!;
    const tagged = await Course.findOne({ university: await universityId('korea'), track: 'cell' });
    assert.ok(tagged);
    tagged.set({ skills: [...tagged.skills, skillId.get('NCS-CHEM-SAFETY')] });
    await tagged.save();
    await refreshCourseFigures(tagged._id);
    const after = (await cityDashboardView(city, {})).targets.rows.find(
      (r) => r.university === 'korea' && r.scope === 'skill',
    )!;
    const chemicals = skillId.get('NCS-CHEM-SAFETY')!;
    for (const s of specs) if (s.university === 'korea' && s.track === 'cell') s.skills.push(chemicals);
    assert.deepEqual(after.measures.completions.actual, expected(2026, 'korea', 'skill', chemicals).completions);
    assert.ok(after.measures.completions.actual >= before.measures.completions.actual);
  });
});
