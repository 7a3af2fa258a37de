import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { FormError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import {
  cancellationPreview,
  cancelCourse,
  closeCourse,
  publishCourse,
} from '../../../server/services/courses/lifecycle';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';
import { make } from '../../support/factories';

const refusal = (key: string) => (e: unknown) => e instanceof FormError && e.errors._form === key;
const statusOf = async (id: unknown) => (await Course.findById(id).lean())?.status;

describe('courses/lifecycle: publishing, closing and cancelling a course', () => {
  useTestApp();

  it('publishes a sound draft once (dated and audited), closes it, and refuses a step from the wrong status', async () => {
    const staff = toActor(await make.staff('postech'));
    const course = await make.course({ university: 'postech', status: 'draft' });
    const id = String(course._id);
    await assert.rejects(closeCourse(staff, id), refusal('manage.lifecycle.errors.from.draft'));
    await publishCourse(staff, id);
    const published = await Course.findById(id).lean();
    assert.equal(published?.status, 'published');
    assert.ok(published?.publishedAt instanceof Date);
    const audit = await AuditEvent.findOne({ targetId: course._id, action: 'course.publish' }).lean();
    assert.deepEqual([audit?.before, audit?.after], [{ status: 'draft' }, { status: 'published' }]);
    await assert.rejects(publishCourse(staff, id), refusal('manage.lifecycle.errors.from.published'));
    await closeCourse(staff, id);
    assert.equal(await statusOf(id), 'closed');
  });

  it('refuses to publish a draft without sessions, with the rule’s message', async () => {
    const staff = toActor(await make.staff('postech'));
    const course = await make.course({ university: 'postech', status: 'draft', days: [] });
    await assert.rejects(publishCourse(staff, String(course._id)), refusal('manage.lifecycle.errors.noSessions'));
    assert.equal(await statusOf(course._id), 'draft');
  });

  it('previews and then cancels a course: applications withdrawn, seats and places released', async () => {
    const { course, applied } = await courseWithApplications(3, { capacity: 2, university: 'postech' });
    const staff = toActor(await make.staff('postech'));
    const { open } = await cancellationPreview(staff, String(course._id));
    assert.deepEqual(open, { enrolled: 2, pending: 0, waitlisted: 1 });
    await cancelCourse(staff, String(course._id), '강사 사정');
    await allocatorsIdle();
    assert.equal(await statusOf(course._id), 'cancelled');
    const statuses = await Enrollment.find({ _id: { $in: applied.map((a) => a.enrollmentId) } }).lean();
    assert.deepEqual(
      statuses.map((e) => e.status),
      ['withdrawn', 'withdrawn', 'withdrawn'],
    );
    assert.equal(await Seat.countDocuments({ course: course._id }), 0);
    await assert.rejects(
      cancelCourse(staff, String(course._id), 'again'),
      refusal('manage.lifecycle.errors.from.cancelled'),
    );
  });
});
