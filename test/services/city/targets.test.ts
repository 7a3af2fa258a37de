import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { NotFoundError } from '../../../server/errors';
import { focusOf, getTargetPlan, saveTargetPlan, type TargetInput } from '../../../server/services/city/targets';
import { useTestApp } from '../../support/app';
import { actorOf, make, universityId } from '../../support/factories';

describe("the city's yearly targets", () => {
  useTestApp();

  const row = (row: number, t: Partial<TargetInput> & { university: string }): TargetInput & { row: number } => ({
    row,
    scope: 'all',
    key: '',
    trainees: null,
    completions: null,
    hours: null,
    ...t,
  });

  it('saves the filled rows of a year, drops blank ones, and audits what changed', async () => {
    const city = await actorOf(await make.cityStaff());
    const postech = await universityId('postech');
    await saveTargetPlan(city, 2031, [
      row(0, { university: postech, trainees: 100, completions: 80 }),
      row(1, { university: postech, scope: 'track', key: 'cell', hours: 500 }),
      row(2, { university: await universityId('korea') }),
    ]);
    const plan = await getTargetPlan(city, 2031);
    assert.deepEqual(
      plan.targets.map((t) => [focusOf(t), t.trainees, t.completions, t.hours]),
      [
        ['', 100, 80, null],
        ['track:cell', null, null, 500],
      ],
    );
    await saveTargetPlan(city, 2031, [row(0, { university: postech, trainees: 120, completions: 80 })]);
    assert.equal((await getTargetPlan(city, 2031)).targets.length, 1);
    const audits = await AuditEvent.find({ action: 'targets.update' }).sort({ at: 1 }).lean();
    assert.equal(audits.length, 2);
    assert.deepEqual(audits[1]?.after, { postech: { trainees: 120 }, 'postech track:cell': null });
    assert.deepEqual((await getTargetPlan(city, 2032)).targets, []);
  });

  it('refuses an unknown university or focus and a second row for the same focus, on its row', async () => {
    const city = await actorOf(await make.cityStaff());
    const postech = await universityId('postech');
    await assert.rejects(
      saveTargetPlan(city, 2033, [
        row(0, { university: 'nope', trainees: 1 }),
        row(1, { university: postech, scope: 'track', key: 'no_track', trainees: 1 }),
        row(2, { university: postech, trainees: 1 }),
        row(3, { university: postech, trainees: 2 }),
      ]),
      {
        errors: {
          'targets.0.university': 'targets.errors.university',
          'targets.1.focus': 'targets.errors.focus',
          'targets.3.focus': 'targets.errors.duplicate',
        },
      },
    );
    assert.deepEqual((await getTargetPlan(city, 2033)).targets, []);
  });

  it('is for city staff only', async () => {
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(getTargetPlan(staff, 2031), NotFoundError);
    await assert.rejects(saveTargetPlan(staff, 2031, []), NotFoundError);
  });
});
