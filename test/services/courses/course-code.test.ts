import assert from 'node:assert/strict';
import { FormError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { getManagedCourse, updateCourse } from '../../../server/services/courses/manage';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe("a course's code, unique within its university", () => {
  useTestApp();

  it('refuses an edit that takes another course’s code with a message on the field, not a server error', async () => {
    const staff = toActor(await make.staff('postech'));
    const taken = await make.course({ university: 'postech', status: 'draft' });
    const mine = await make.course({ university: 'postech', status: 'draft' });
    const course = await getManagedCourse(staff, String(mine._id));
    const input = { ...course, code: taken.code } as unknown as Parameters<typeof updateCourse>[2];
    const err = await updateCourse(staff, String(mine._id), input).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof FormError, `expected a FormError, got ${String(err)}`);
    assert.deepEqual(err.errors, { code: 'manage.form.errors.codeTaken' });
  });
});
