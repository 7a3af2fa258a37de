import assert from 'node:assert/strict';
import { HttpError, NotFoundError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { loadCourseFor, orderedSessions } from '../../../server/services/course-base/access';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('course-base/access: a course as an actor may act on it', () => {
  useTestApp();

  it('loads its own university’s course, and answers 404 for another university’s, a missing one or a bad id', async () => {
    const course = await make.course({ university: 'postech' });
    const own = toActor(await make.staff('postech'));
    const other = toActor(await make.staff('knu'));
    const city = toActor(await make.cityStaff());
    assert.equal(String((await loadCourseFor(own, String(course._id), 'course:write'))._id), String(course._id));
    assert.equal(String((await loadCourseFor(city, String(course._id), 'course:read'))._id), String(course._id));
    await assert.rejects(
      loadCourseFor(other, String(course._id), 'course:write'),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
    await assert.rejects(
      loadCourseFor(city, String(course._id), 'course:write'),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
    await assert.rejects(loadCourseFor(own, '0123456789abcdef01234567', 'course:write'), NotFoundError);
    await assert.rejects(
      loadCourseFor(own, 'not-an-id', 'course:write'),
      (e: unknown) => e instanceof HttpError && e.status === 404,
    );
  });

  it('lists sessions in calendar order, as plain values', () => {
    const sessions = orderedSessions({
      sessions: [
        { _id: 'b', date: '2026-07-02', start: '09:00', end: '12:00', topic: '둘째' },
        { _id: 'c', date: '2026-07-01', start: '13:00', end: '15:00' },
        { _id: 'a', date: '2026-07-01', start: '09:00', end: '12:00', topic: '첫째' },
      ],
    } as never);
    assert.deepEqual(sessions, [
      { id: 'a', date: '2026-07-01', start: '09:00', end: '12:00', topic: '첫째' },
      { id: 'c', date: '2026-07-01', start: '13:00', end: '15:00', topic: '' },
      { id: 'b', date: '2026-07-02', start: '09:00', end: '12:00', topic: '둘째' },
    ]);
  });
});
