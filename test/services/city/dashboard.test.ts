import assert from 'node:assert/strict';
import { University } from '../../../models/university';
import { NotFoundError } from '../../../server/errors';
import { cityDashboardView } from '../../../server/services/city/dashboard';
import { exportCsv } from '../../../server/services/city/export';
import { useTestApp } from '../../support/app';
import { exportContext } from '../../support/export-context';
import { actorOf, make } from '../../support/factories';
import { collectText } from '../../support/streams';

describe('the city dashboard service', () => {
  useTestApp();

  it('refuses the programme figures to anyone but city staff and administrators, as not found', async () => {
    for (const actor of [await actorOf(await make.trainee()), await actorOf(await make.staff('postech'))]) {
      await assert.rejects(cityDashboardView(actor, {}), NotFoundError, actor.role);
      await assert.rejects(
        collectText(async (out) => exportCsv(actor, {}, out, await exportContext())),
        NotFoundError,
        `${actor.role} export`,
      );
    }
    const city = await cityDashboardView(await actorOf(await make.cityStaff()), { university: 'korea' });
    assert.equal(city.query, 'university=korea');
    assert.equal(city.charts.university.title, 'city.chart.completionsByUniversity');
  });

  it('offers the universities the database holds, in the agreement order', async () => {
    const city = await actorOf(await make.cityStaff());
    const before = (await cityDashboardView(city, {})).universities;
    assert.deepEqual(before, ['postech', 'korea', 'kangwon', 'knu', 'pknu', 'yu', 'uiduk', 'handong']);
    await University.updateOne({ code: 'uiduk' }, { $set: { active: false } });
    try {
      assert.deepEqual(
        (await cityDashboardView(city, {})).universities,
        before.filter((c) => c !== 'uiduk'),
      );
    } finally {
      await University.updateOne({ code: 'uiduk' }, { $set: { active: true } });
    }
  });
});
