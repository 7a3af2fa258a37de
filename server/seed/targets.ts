import { User } from '../../models/user';
import { Skill } from '../../models/skill';
import { toActor } from '../services/accounts/auth';
import { loadFigureRows } from '../services/city/course-figures';
import { yearActuals, yearOfPeriod } from '../services/city/target-progress';
import { saveTargetPlan, type TargetInput } from '../services/city/targets';
import { listUniversities } from '../services/courses/universities';

/**
 * This year's demo targets, set by the demo city officer from what the demo data reached: every
 * other university has targets a little under its figures (met), the others a little over (not
 * yet met), so the dashboard shows about half met. POSTECH also has a target for its cell track
 * and Korea University one for electrode making.
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
    const met = row % 2 === 0;
    // A met target of nothing says nothing: a measure with nothing reached yet is left without one.
    const goal = (n: number) => (!met ? Math.ceil(n * 1.3) + 2 : n > 0 ? Math.max(1, Math.floor(n * 0.8)) : null);
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
