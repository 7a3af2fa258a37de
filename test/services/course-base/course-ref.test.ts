import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import {
  courseNotice,
  enrolmentPhase,
  hasStarted,
  seatsMove,
  type CourseRef,
} from '../../../server/services/course-base/course-ref';

const now = new Date('2026-06-10T00:00:00Z');
const day = 24 * 3600 * 1000;
const at = (offsetDays: number) => new Date(now.getTime() + offsetDays * day);

function course(over: Partial<CourseRef & { enrolmentOpensAt: Date; enrolmentClosesAt: Date }> = {}) {
  return {
    _id: new Types.ObjectId(),
    university: new Types.ObjectId(),
    title: { ko: '배터리', en: 'Battery' },
    status: 'published' as const,
    capacity: 10,
    startsAt: at(10),
    enrolmentOpensAt: at(-1),
    enrolmentClosesAt: at(5),
    ...over,
  };
}

describe('course-base/course-ref: where a course stands', () => {
  it('says whether enrolment is open by status, window and start, from the clock alone', () => {
    assert.equal(enrolmentPhase(course(), now), 'open');
    assert.equal(enrolmentPhase(course({ status: 'draft' }), now), 'notOpen');
    assert.equal(enrolmentPhase(course({ status: 'closed' }), now), 'notOpen');
    assert.equal(enrolmentPhase(course({ enrolmentOpensAt: at(1) }), now), 'opensLater');
    assert.equal(enrolmentPhase(course({ enrolmentClosesAt: at(-0.5) }), now), 'ended');
    // Started while the window was still open: ended all the same.
    assert.equal(enrolmentPhase(course({ startsAt: at(-0.1) }), now), 'ended');
  });

  it('moves seats only on a published or closed course that has not started', () => {
    assert.equal(hasStarted(course({ startsAt: now }), now), true);
    assert.equal(hasStarted(course({ startsAt: null }), now), false);
    assert.equal(seatsMove(course(), now), true);
    assert.equal(seatsMove(course({ status: 'closed' }), now), true);
    assert.equal(seatsMove(course({ status: 'cancelled' }), now), false);
    assert.equal(seatsMove(course({ startsAt: at(-1) }), now), false);
  });

  it('gives a notice both titles and the course’s link', () => {
    const c = course();
    assert.deepEqual(courseNotice(c), {
      params: { titleKo: '배터리', titleEn: 'Battery' },
      link: `/courses/${String(c._id)}`,
    });
  });
});
