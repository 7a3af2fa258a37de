import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { applyRefusal, mayApplyAgain, type ApplicableCourse } from '../../../server/services/enrollment/apply-rules';

const now = new Date('2026-06-10T00:00:00Z');
const day = 24 * 3600 * 1000;
const course = (over: Partial<ApplicableCourse> = {}): ApplicableCourse => ({
  _id: new Types.ObjectId(),
  university: new Types.ObjectId(),
  title: { ko: '과정', en: 'Course' },
  status: 'published',
  capacity: 5,
  startsAt: new Date(now.getTime() + 10 * day),
  enrolmentOpensAt: new Date(now.getTime() - day),
  enrolmentClosesAt: new Date(now.getTime() + 5 * day),
  eligibleCategories: ['student', 'employee'],
  ...over,
});

describe('enrollment/apply-rules: who may apply now', () => {
  it('refuses with the message key of the reason, and lets an eligible trainee apply in the window', () => {
    assert.equal(applyRefusal(course(), 'student', now), undefined);
    assert.equal(applyRefusal(course({ status: 'draft' }), 'student', now), 'enrollment.errors.notOpen');
    assert.equal(
      applyRefusal(course({ enrolmentOpensAt: new Date(now.getTime() + day) }), 'student', now),
      'enrollment.errors.notOpenYet',
    );
    assert.equal(
      applyRefusal(course({ enrolmentClosesAt: new Date(now.getTime() - 1) }), 'student', now),
      'enrollment.errors.windowClosed',
    );
    assert.equal(applyRefusal(course(), undefined, now), 'enrollment.errors.profileIncomplete');
    assert.equal(applyRefusal(course(), 'job_seeker', now), 'enrollment.errors.ineligible');
    assert.equal(applyRefusal(course({ eligibleCategories: null }), 'job_seeker', now), undefined);
  });

  it('lets a trainee apply again only after a withdrawal or a rejection', () => {
    assert.equal(mayApplyAgain(undefined), true);
    assert.equal(mayApplyAgain('withdrawn'), true);
    assert.equal(mayApplyAgain('rejected'), true);
    for (const status of ['pending', 'enrolled', 'waitlisted', 'completed', 'not_completed'] as const)
      assert.equal(mayApplyAgain(status), false, status);
  });
});
