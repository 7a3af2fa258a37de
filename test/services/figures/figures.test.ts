import assert from 'node:assert/strict';
import type { TraineeCategory } from '../../../models/user';
import { buildCityDashboard } from '../../../server/services/city/dashboard';
import { exportCsv } from '../../../server/services/city/export';
import { updateProfile } from '../../../server/services/accounts/profile';
import { getReport, submitReport, buildSnapshot } from '../../../server/services/reports/completion-reports';
import { useTestApp } from '../../support/app';
import { exportContext } from '../../support/export-context';
import { actorOf, type CreatedStatus, days, make } from '../../support/factories';
import { enrolAtRandom, lcg } from '../../support/generated-programme';
import { collectText } from '../../support/streams';

interface Spec {
  university: string;
  track: 'materials' | 'cell' | 'recycling' | 'data_ai';
  quarter: string | null;
  hours: number;
  trainee: number;
  status: CreatedStatus;
}

/** Consent changes the way a trainee changes it: through their profile. */
async function setConsent(
  person: { id: string; name: string; category: TraineeCategory; resident: boolean },
  consent: boolean,
) {
  await updateProfile(await actorOf({ _id: person.id }), {
    name: person.name,
    locale: 'ko',
    trainee: {
      category: person.category,
      affiliation: '포항',
      pohangResident: person.resident,
      consent,
      followUp: false,
    },
  });
}

describe('programme figures on a generated dataset', () => {
  useTestApp();
  const people: { id: string; name: string; category: TraineeCategory; resident: boolean; consent: boolean }[] = [];
  const specs: Spec[] = [];
  const courseKeys = [
    { university: 'postech', track: 'materials', start: '2026-05-04', status: 'completed' },
    { university: 'postech', track: 'cell', start: '2026-08-03', status: 'completed' },
    { university: 'postech', track: 'data_ai', start: '2026-09-28', status: 'closed' }, // ends in October: Q4
    { university: 'korea', track: 'materials', start: '2026-07-06', status: 'completed' },
    { university: 'korea', track: 'recycling', start: '2026-06-29', status: 'completed' }, // ends 2026-07-01: Q3
    { university: 'knu', track: 'cell', start: '2026-08-17', status: 'published' },
    { university: 'knu', track: 'recycling', start: '2026-08-24', status: 'cancelled' }, // never counted
    { university: 'knu', track: 'data_ai', start: '2026-09-01', status: 'draft' }, // never counted
  ] as const;
  const quarterOf = (start: string, n: number) => {
    const last = days(start, n).at(-1) ?? start;
    const month = Number(last.slice(5, 7));
    return `${last.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
  };

  before(async function () {
    this.timeout(60_000);
    const rand = lcg(42);
    const categories: TraineeCategory[] = ['student', 'job_seeker', 'employee'];
    for (let i = 0; i < 18; i++) {
      const p = { category: categories[i % 3] ?? 'student', resident: rand() < 0.6, consent: rand() < 0.5 };
      const u = await make.trainee({
        name: `교육생${String(i).padStart(2, '0')}`,
        category: p.category,
        pohangResident: p.resident,
        consent: p.consent,
      });
      people.push({ id: String(u._id), name: u.name, ...p });
    }
    for (const key of courseKeys) {
      const course = await make.course({
        university: key.university,
        track: key.track,
        status: key.status,
        days: days(key.start, 3),
        capacity: 50,
      });
      const counted = !['cancelled', 'draft'].includes(key.status);
      const enrolled = await enrolAtRandom(
        course,
        people.map((p) => ({ _id: p.id })),
        rand,
        {
          skip: 0.45,
          decidedAt: new Date('2026-10-01T00:00:00Z'),
          // Published courses still running have no decision yet.
          allow: (s) => (key.status === 'published' && (s === 'completed' || s === 'not_completed') ? 'enrolled' : s),
        },
      );
      for (const { trainee: pi, status } of enrolled) {
        specs.push({
          university: key.university,
          track: key.track,
          quarter: counted ? quarterOf(key.start, 3) : null,
          hours: 9,
          trainee: pi,
          status,
        });
      }
    }
  });

  function expected(filter: (s: Spec) => boolean) {
    const rows = specs.filter(
      (s) =>
        s.quarter !== null && ['enrolled', 'completed', 'not_completed', 'withdrawn'].includes(s.status) && filter(s),
    );
    const completed = rows.filter((s) => s.status === 'completed').length;
    const notCompleted = rows.filter((s) => s.status === 'not_completed').length;
    const persons = new Set(rows.map((s) => s.trainee));
    return {
      enrollments: rows.length,
      completed,
      notCompleted,
      withdrawn: rows.filter((s) => s.status === 'withdrawn').length,
      inTraining: rows.filter((s) => s.status === 'enrolled').length,
      completionRate: completed + notCompleted ? completed / (completed + notCompleted) : null,
      hours: completed * 9,
      uniqueTrainees: persons.size,
      residents: [...persons].filter((p) => people[p]?.resident).length,
      residentCompletions: rows.filter((s) => s.status === 'completed' && people[s.trainee]?.resident).length,
    };
  }

  function keysOf(f: (s: Spec) => string) {
    return [
      ...new Set(
        specs
          .filter(
            (s) => s.quarter !== null && ['enrolled', 'completed', 'not_completed', 'withdrawn'].includes(s.status),
          )
          .map(f),
      ),
    ].sort();
  }

  it('matches every city dashboard total and breakdown, with and without filters', async () => {
    const city = await actorOf(await make.cityStaff());
    const filters = [
      {},
      { period: '2026-Q3' },
      { university: 'postech' },
      { track: 'cell' },
      { period: '2026-Q3', university: 'korea', track: 'materials' },
    ];
    for (const f of filters) {
      const match = (s: Spec) =>
        (!('period' in f) || s.quarter === f.period) &&
        (!('university' in f) || s.university === f.university) &&
        (!('track' in f) || s.track === f.track);
      const d = await buildCityDashboard(city, f);
      assert.deepEqual(d.totals, expected(match), `totals for ${JSON.stringify(f)}`);
      const cat = (s: Spec) => people[s.trainee]?.category ?? '';
      for (const [name, by, get] of [
        ['university', d.byUniversity, (s: Spec) => s.university],
        ['track', d.byTrack, (s: Spec) => s.track],
        ['category', d.byCategory, cat],
        ['quarter', d.byQuarter, (s: Spec) => s.quarter ?? ''],
      ] as const) {
        const keys = keysOf(get).filter((k) =>
          specs.some(
            (s) =>
              match(s) &&
              get(s) === k &&
              s.quarter !== null &&
              ['enrolled', 'completed', 'not_completed', 'withdrawn'].includes(s.status),
          ),
        );
        assert.deepEqual(
          by.map((b) => b.key),
          keys,
          `${name} keys for ${JSON.stringify(f)}`,
        );
        for (const b of by)
          assert.deepEqual(
            b.figures,
            expected((s) => match(s) && get(s) === b.key),
            `${name}=${b.key} for ${JSON.stringify(f)}`,
          );
      }
    }
  });

  it('matches the university report figures and names only consenting completers', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const snap = await buildSnapshot(staff, { kind: 'quarter', quarter: '2026-Q3' });
    const match = (s: Spec) => s.university === 'postech' && s.quarter === '2026-Q3';
    assert.deepEqual(snap.figures, expected(match));
    for (const b of snap.byTrack)
      assert.deepEqual(
        b.figures,
        expected((s) => match(s) && s.track === b.key),
      );
    for (const b of snap.byCategory)
      assert.deepEqual(
        b.figures,
        expected((s) => match(s) && people[s.trainee]?.category === b.key),
      );
    const named = specs
      .filter((s) => match(s) && s.status === 'completed' && people[s.trainee]?.consent)
      .map((s) => people[s.trainee]?.name)
      .sort();
    assert.deepEqual(snap.completers.map((c) => c.name).sort(), named);
  });

  it('keeps a trainee who withdrew consent out of the names but in the figures', async () => {
    const staff = await actorOf(await make.staff('korea'));
    const spec = specs.find(
      (s) =>
        s.university === 'korea' && s.quarter === '2026-Q3' && s.status === 'completed' && people[s.trainee]?.consent,
    );
    assert.ok(spec, 'the generated data has a consenting completer at korea');
    const person = people[spec.trainee]!;
    const before = await buildSnapshot(staff, { kind: 'quarter', quarter: '2026-Q3' });
    assert.ok(before.completers.some((c) => c.name === person.name));
    await setConsent(person, false);
    const report = await submitReport(staff, { kind: 'quarter', quarter: '2026-Q3' });
    const view = await getReport(staff, String(report._id));
    assert.ok(!view.snapshot.completers.some((c) => c.name === person.name));
    assert.deepEqual(view.snapshot.figures, before.figures);
    const city = await actorOf(await make.cityStaff());
    const csv = await collectText(async (out) => exportCsv(city, { university: 'korea' }, out, await exportContext()));
    assert.ok(!csv.includes(person.name));
    await setConsent(person, true);
  });
});
