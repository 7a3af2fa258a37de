import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { FormError, NotFoundError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import {
  createCourse,
  getManagedCourse,
  listManagedCourses,
  updateCourse,
} from '../../../server/services/courses/manage';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('courses/manage: courses as their university’s staff write them', () => {
  useTestApp();

  it('creates a draft in the staff member’s own university, audited, and lists it with its counts', async () => {
    const staffUser = await make.staff('postech');
    const staff = toActor(staffUser);
    const model = await getManagedCourse(
      staff,
      String((await make.course({ university: 'postech', status: 'draft' }))._id),
    );
    const fields: Partial<typeof model> = { ...model };
    delete fields._id;
    const input = {
      ...fields,
      code: `NEW-${Date.now() % 100000}`,
      skills: [],
      sessions: model.sessions.map(({ date, start, end }) => ({ date, start, end, topic: '' })),
    } as unknown as Parameters<typeof createCourse>[1];
    const created = await createCourse(staff, input);
    assert.equal(created.status, 'draft');
    assert.equal(String(created.university), String(staffUser.university));
    assert.equal(String(created.createdBy), String(staffUser._id));
    const audit = await AuditEvent.findOne({ targetId: created._id, action: 'course.create' }).lean();
    assert.deepEqual(audit?.after, { code: input.code, status: 'draft' });
    const listed = await listManagedCourses(staff);
    const row = listed.find((c) => String(c._id) === String(created._id));
    assert.deepEqual([row?.seatsTaken, row?.seatsLeft], [0, created.capacity]);
    // Another university's staff neither see it nor reach it.
    const other = toActor(await make.staff('knu'));
    assert.ok(!(await listManagedCourses(other)).some((c) => String(c._id) === String(created._id)));
    await assert.rejects(getManagedCourse(other, String(created._id)), NotFoundError);
    await assert.rejects(createCourse(toActor(await make.trainee()), input), NotFoundError);
  });

  it('refuses to lower capacity below the seats taken, and any edit of a cancelled course', async () => {
    const staff = toActor(await make.staff('postech'));
    const course = await make.course({ university: 'postech', capacity: 3 });
    await make.enrollment(course, await make.trainee());
    await make.enrollment(course, await make.trainee());
    const input = { ...(await getManagedCourse(staff, String(course._id))), capacity: 1 } as unknown as Parameters<
      typeof updateCourse
    >[2];
    const err = await updateCourse(staff, String(course._id), input).catch((e: unknown) => e);
    assert.ok(err instanceof FormError);
    assert.deepEqual(err.errors, { capacity: 'manage.form.errors.capacityBelowSeats' });
    const cancelled = await make.course({ university: 'postech', status: 'cancelled' });
    const err2 = await updateCourse(staff, String(cancelled._id), input).catch((e: unknown) => e);
    assert.ok(err2 instanceof FormError);
    assert.deepEqual(err2.errors, { _form: 'manage.errors.notEditable' });
  });

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
