import assert from 'node:assert/strict';
import { NotFoundError } from '../../../server/errors';
import { copiesSettled } from '../../../server/services/copies/changes';
import { refreshCourseFigures } from '../../../server/services/copies/course-figures';
import { drillDown } from '../../../server/services/city/drill-down';
import { useTestApp } from '../../support/app';
import { actorOf, days, make } from '../../support/factories';

describe('drilling down into a dashboard figure', () => {
  useTestApp();

  it('lists the courses behind a figure with their own figures, and their totals', async () => {
    const city = await actorOf(await make.cityStaff());
    const spec = { status: 'completed' as const, days: days('2025-08-04', 2), track: 'cell' as const };
    const [a, b] = [
      await make.course({ ...spec, university: 'postech', code: 'DD-A' }),
      await make.course({ ...spec, university: 'korea', code: 'DD-B' }),
    ];
    await make.enrollment(a, await make.trainee({ category: 'student' }), 'completed');
    await make.enrollment(a, await make.trainee({ category: 'job_seeker' }), 'not_completed');
    await make.enrollment(b, await make.trainee({ category: 'student' }), 'completed');
    await copiesSettled();
    for (const c of [a, b]) await refreshCourseFigures(c._id);

    const all = await drillDown(city, { period: '2025-Q3', track: 'cell' });
    assert.deepEqual(
      all.courses.map((c) => [c.university, c.code, c.figures.enrollments]),
      [
        ['korea', 'DD-B', 1],
        ['postech', 'DD-A', 2],
      ],
    );
    assert.equal(all.totals.completed, 2);
    assert.equal(all.totals.enrollments, 3);

    const postech = await drillDown(city, { period: '2025-Q3', university: 'postech' });
    assert.deepEqual(
      postech.courses.map((c) => c.code),
      ['DD-A'],
    );

    const students = await drillDown(city, { period: '2025-Q3', category: 'student' });
    assert.equal(students.totals.enrollments, 2);
    assert.equal(students.applied.category, 'student');
    assert.equal((await drillDown(city, { period: '2025-Q3', category: 'nonsense' })).applied.category, undefined);
    assert.equal((await drillDown(city, { period: '2025-Q2' })).count, 0);
  });

  it('is not found for anyone but city staff', async () => {
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(drillDown(staff, {}), NotFoundError);
  });
});
