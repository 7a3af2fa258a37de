import assert from 'node:assert/strict';
import request from 'supertest';
import type { tracks } from '../../../models/course';
import { toActor } from '../../../server/services/accounts/auth';
import { buildCityDashboard } from '../../../server/services/city/dashboard';
import { minimumCell } from '../../../server/services/city/disclosure';
import { quarterOfDay } from '../../../server/services/figures/figures';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';
import { openApiValidator } from '../../support/openapi';

interface Figure {
  quarter: string;
  university: string;
  track: string;
  completions: number | null;
  hours: number | null;
  trainees: number | null;
}

/** A finished course of `university` in `track` with `completers` completions and one trainee who did not complete. */
async function finishedCourse(university: string, track: (typeof tracks)[number], completers: number) {
  const course = await make.course({
    university,
    track,
    status: 'completed',
    days: [dayFromNow(-40), dayFromNow(-39)],
  });
  for (let i = 0; i < completers; i++) await make.enrollment(course, await make.trainee(), 'completed');
  await make.enrollment(course, await make.trainee(), 'not_completed');
}

describe('open data: the figures the city publishes (/open-data, /api/v1/open-data)', () => {
  const ctx = useTestApp({ OPEN_DATA_LICENCE: 'KOGL Type 4 test licence' });
  const api = openApiValidator(() => ctx.app);
  const quarter = quarterOfDay(dayFromNow(-39));

  before(async () => {
    await finishedCourse('postech', 'cell', 6);
    await finishedCourse('postech', 'materials', 7);
    await finishedCourse('handong', 'cell', 8);
    // Two people: hidden, and with them enough of their row and column that neither can be worked out.
    await finishedCourse('handong', 'materials', 2);
  });

  it('publishes, quarter by quarter, what the dashboard counts wherever a cell is published', async () => {
    const res = await api.get('/api/v1/open-data/figures');
    const body = res.body as { licence: string; minimumCell: number; items: Figure[] };
    assert.equal(body.licence, 'KOGL Type 4 test licence', 'the configured licence');
    assert.equal(body.minimumCell, minimumCell);
    const cells = body.items.filter((f) => f.quarter === quarter);
    assert.ok(cells.length >= 9, 'each university and track with their totals');
    const city = toActor(await make.cityStaff());
    for (const cell of cells) {
      const filter = {
        period: quarter,
        ...(cell.university === 'all' ? {} : { university: cell.university }),
        ...(cell.track === 'all' ? {} : { track: cell.track }),
      };
      const { totals } = await buildCityDashboard(city, filter);
      if (cell.completions !== null) {
        assert.equal(cell.completions, totals.completed, `${cell.university}/${cell.track}: completions`);
        assert.equal(cell.hours, totals.hours, `${cell.university}/${cell.track}: hours`);
      }
      if (cell.trainees !== null) assert.equal(cell.trainees, totals.uniqueTrainees);
    }
    const small = cells.find((f) => f.university === 'handong' && f.track === 'materials');
    assert.deepEqual([small?.completions, small?.hours], [null, null], 'two completions are not published');
  });

  it('lets no hidden cell be worked out: no small count, and never one hidden cell alone in a row, a column or a total', async () => {
    const cells = ((await api.get('/api/v1/open-data/figures')).body as { items: Figure[] }).items;
    for (const measure of ['completions', 'trainees'] as const) {
      for (const q of new Set(cells.map((c) => c.quarter))) {
        const table = cells.filter((c) => c.quarter === q);
        for (const c of table) {
          const v = c[measure];
          assert.ok(v === null || v === 0 || v >= minimumCell, `${q} ${c.university}/${c.track} ${measure}=${v}`);
        }
        const at = (u: string, t: string) => table.find((c) => c.university === u && c.track === t);
        const universities = [...new Set(table.map((c) => c.university))].filter((u) => u !== 'all');
        const tracks = [...new Set(table.map((c) => c.track))].filter((t) => t !== 'all');
        const groups = [
          ...universities.map((u) => [at(u, 'all'), ...tracks.map((t) => at(u, t))]),
          ...tracks.map((t) => [at('all', t), ...universities.map((u) => at(u, t))]),
          [at('all', 'all'), ...universities.map((u) => at(u, 'all'))],
          [at('all', 'all'), ...tracks.map((t) => at('all', t))],
        ];
        for (const group of groups) {
          const hidden = group.filter((c) => c && c[measure] === null);
          assert.notEqual(hidden.length, 1, `${q} ${measure}: one hidden cell alone would be its total minus the rest`);
        }
      }
    }
  });

  it('offers the same figures as CSV with a BOM, empty where suppressed, and explains every field in both languages', async () => {
    const json = ((await api.get('/api/v1/open-data/figures')).body as { items: Figure[] }).items;
    const csv = await request(ctx.app).get('/api/v1/open-data/figures.csv').buffer(true).expect(200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /open-figures\.csv/);
    const text = String(csv.text);
    assert.ok(text.startsWith('\uFEFFquarter,university,track,completions,hours,trainees\r\n'));
    const lines = text.trim().split('\r\n').slice(1);
    assert.equal(lines.length, json.length);
    const small = json.findIndex((f) => f.quarter === quarter && f.university === 'handong' && f.track === 'materials');
    assert.match(lines[small]!, new RegExp(`^${quarter},handong,materials,,,`));

    for (const [lang, title] of [
      ['ko', '공공데이터'],
      ['en', 'Open data'],
    ] as const) {
      const $ = html((await request(ctx.app).get(`/open-data?lang=${lang}`).expect(200)).text);
      assert.equal($('h1').text(), title);
      assert.deepEqual(
        $('tbody th code')
          .map((_i, el) => $(el).text())
          .get(),
        ['quarter', 'university', 'track', 'completions', 'hours', 'trainees'],
      );
      assert.ok(
        $('tbody td')
          .toArray()
          .every((td) => $(td).text().trim().length > 10),
        'each field explained',
      );
      assert.match($.text(), /KOGL Type 4 test licence/);
    }
  });
});
