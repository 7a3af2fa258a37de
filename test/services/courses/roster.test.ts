import assert from 'node:assert/strict';
import { HttpError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { getRoster } from '../../../server/services/courses/roster';
import { copiesSettled } from '../../../server/services/copies/changes';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('courses/roster: a course’s applicants as its staff see them', () => {
  useTestApp();

  it('lists each applicant with status and waitlist place, filtered, searched and sorted; another university gets a 404', async () => {
    const course = await make.course({ university: 'postech', capacity: 1 });
    const ann = await make.trainee({ name: '가나다 학생' });
    const bob = await make.trainee({ name: '하하하 구직자' });
    await make.enrollment(course, bob, 'pending');
    await make.enrollment(course, ann, 'enrolled');
    await copiesSettled();
    const staff = toActor(await make.staff('postech'));
    const id = String(course._id);
    const all = await getRoster(staff, id);
    assert.deepEqual(
      all.rows.map((r) => [r.name, r.status, r.email]),
      [
        ['하하하 구직자', 'pending', bob.email],
        ['가나다 학생', 'enrolled', ann.email],
      ],
    );
    assert.deepEqual(
      (await getRoster(staff, id, { sort: 'name' })).rows.map((r) => r.name),
      ['가나다 학생', '하하하 구직자'],
    );
    assert.deepEqual(
      (await getRoster(staff, id, { status: 'enrolled' })).rows.map((r) => r.name),
      ['가나다 학생'],
    );
    assert.deepEqual(
      (await getRoster(staff, id, { q: bob.email.slice(0, 12).toUpperCase() })).rows.map((r) => r.name),
      ['하하하 구직자'],
    );
    assert.ok(all.rows.find((r) => r.status === 'enrolled')?.risk, 'an enrolled trainee has an attendance row');
    assert.equal(all.rows.find((r) => r.status === 'pending')?.risk, undefined);
    await assert.rejects(
      getRoster(toActor(await make.staff('knu')), id),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
  });
});
