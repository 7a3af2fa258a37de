import assert from 'node:assert/strict';
import { copiesSettled } from '../../../server/services/copies/changes';
import { refreshCourseFigures } from '../../../server/services/copies/course-figures';
import { minimumCell } from '../../../server/services/city/disclosure';
import { openFigures, openFiguresCsv, type OpenFigure } from '../../../server/services/city/open-figures';
import { useTestApp } from '../../support/app';
import { days, make } from '../../support/factories';

describe('the open figures', () => {
  useTestApp();

  it('publishes each quarter by university and track with totals, hiding small counts and their hours', async () => {
    const spec = { status: 'completed' as const, days: days('2025-11-03', 2), track: 'cell' as const };
    const big = await make.course({ ...spec, university: 'postech' });
    const small = await make.course({ ...spec, university: 'korea' });
    for (let i = 0; i < 7; i++) await make.enrollment(big, await make.trainee(), 'completed');
    for (let i = 0; i < 2; i++) await make.enrollment(small, await make.trainee(), 'completed');
    await copiesSettled();
    for (const c of [big, small]) await refreshCourseFigures(c._id);

    const figures = (await openFigures()).filter((f) => f.quarter === '2025-Q4');
    const cell = (university: string, track: string) =>
      figures.find((f) => f.university === university && f.track === track);
    assert.deepEqual(cell('all', 'all'), {
      quarter: '2025-Q4',
      university: 'all',
      track: 'all',
      completions: 9,
      hours: 9 * 6,
      trainees: 9,
    });
    assert.equal(cell('korea', 'cell')?.completions, null);
    assert.equal(cell('korea', 'cell')?.hours, null, 'hours would give a hidden count away');
    for (const f of figures)
      for (const count of [f.completions, f.trainees])
        assert.ok(count === null || count === 0 || count >= minimumCell, `${f.university}/${f.track}: ${count}`);
  });

  it('writes CSV with a BOM, one line per cell and a hidden value left empty', () => {
    const figures: OpenFigure[] = [
      { quarter: '2026-Q1', university: 'postech', track: 'cell', completions: 7, hours: 42.5, trainees: 8 },
      { quarter: '2026-Q1', university: 'korea', track: 'cell', completions: null, hours: null, trainees: null },
    ];
    assert.equal(
      openFiguresCsv(figures),
      '\uFEFFquarter,university,track,completions,hours,trainees\r\n2026-Q1,postech,cell,7,42.5,8\r\n2026-Q1,korea,cell,,,\r\n',
    );
  });
});
