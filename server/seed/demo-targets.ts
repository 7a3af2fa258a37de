import { User } from '../../models/user';
import { Skill } from '../../models/skill';
import { toActor } from '../services/accounts/auth';
import { loadFigureRows } from '../services/copies/course-figures';
import { yearActuals, yearOfPeriod } from '../services/city/target-progress';
import { saveTargetPlan, type TargetInput } from '../services/city/targets';
import { listUniversities } from '../services/courses/universities';

/**
 * This year's demo targets, set by the demo city officer from what the demo data reached: half
 * the universities have targets a little under their figures (met), the others a little over (not
 * yet met), so the dashboard shows about half met. POSTECH also has a target for its cell track
 * and Korea University one for electrode making, both not yet met.
 */
export async function seedDemoTargets(now = new Date()): Promise<void> {
  const officer = await User.findOne({ email: 'city@demo.kr' }).lean();
  if (!officer) return;
  const year = yearOfPeriod(undefined, now);
  const [rows, universities, electrode] = await Promise.all([
    loadFigureRows({}),
    listUniversities(),
    Skill.findOne({ code: 'NCS-ELECTRODE' }, { _id: 1 }).lean(),
  ]);
  const focused: { code: string; scope: TargetInput['scope']; key: string }[] = [
    { code: 'postech', scope: 'track', key: 'cell' },
    ...(electrode ? [{ code: 'korea', scope: 'skill' as const, key: String(electrode._id) }] : []),
  ];
  const targets = [
    ...universities.map((u) => ({ code: u.code, id: String(u._id), scope: 'all' as const, key: '' })),
    ...focused.flatMap((f) => {
      const u = universities.find((x) => x.code === f.code);
      return u ? [{ ...f, id: String(u._id) }] : [];
    }),
  ].map((t, row) => {
    const actual = yearActuals(rows, year, { university: t.code, scope: t.scope, key: t.key });
    // Two universities in every four meet their targets (in pairs, so that both those with completions this
    // year and those without are among them); the targets per track and skill are still ahead.
    const met = t.scope === 'all' && row % 4 < 2;
    // A university's measure with nothing reached yet gets no target: a target of nothing says nothing.
    const goal = (n: number) =>
      n === 0 ? (t.scope === 'all' ? null : 2) : met ? Math.max(1, Math.floor(n * 0.8)) : Math.ceil(n * 1.3) + 1;
    return {
      row,
      university: t.id,
      scope: t.scope,
      key: t.key,
      trainees: goal(actual.trainees),
      completions: goal(actual.completions),
      hours: goal(Math.round(actual.hours)),
    };
  });
  await saveTargetPlan(toActor(officer), year, targets);
}
