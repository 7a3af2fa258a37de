import assert from 'node:assert/strict';
import { NotFoundError } from '../../../server/errors';
import { getUniversityByCode, listUniversities } from '../../../server/services/courses/universities';
import { useTestApp } from '../../support/app';

describe('courses/universities: the partner universities', () => {
  useTestApp();

  it('lists the seeded partner universities and finds one by its code in any case; an unknown code is a 404', async () => {
    const listed = await listUniversities();
    assert.ok(listed.length >= 2, JSON.stringify(listed));
    assert.ok(listed.some((u) => u.code === 'postech'));
    const postech = await getUniversityByCode('POSTECH');
    assert.equal(postech.code, 'postech');
    await assert.rejects(getUniversityByCode('nowhere'), NotFoundError);
  });
});
