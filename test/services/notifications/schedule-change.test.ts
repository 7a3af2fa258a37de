import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { Notification } from '../../../models/notification';
import { ScheduleChange } from '../../../models/schedule-change';
import {
  noteScheduleChange,
  scheduleDiff,
  scheduleOf,
  scheduleQuietMs,
  tellDueScheduleChanges,
} from '../../../server/services/notifications/schedule-change';
import { useTestApp } from '../../support/app';
import { useClock } from '../../support/clock';
import { make } from '../../support/factories';

const session = (id: string, date: string, start = '09:00', end = '12:00') => ({ id, date, start, end });

describe('notifications/schedule-change: telling trainees their course’s schedule changed', () => {
  useTestApp();
  const clock = useClock();

  it('says which sessions moved, were added or removed, in time order, then the venue', () => {
    const before = {
      sessions: [session('a', '2031-01-05'), session('b', '2031-01-06'), session('c', '2031-01-07')],
      venue: '포항 ',
    };
    const after = {
      sessions: [session('a', '2031-01-05'), session('b', '2031-01-06', '13:00', '16:00'), session('d', '2031-01-01')],
      venue: '경주',
    };
    assert.deepEqual(scheduleDiff(before, after), [
      { kind: 'added', to: session('d', '2031-01-01') },
      { kind: 'moved', from: session('b', '2031-01-06'), to: session('b', '2031-01-06', '13:00', '16:00') },
      { kind: 'removed', from: session('c', '2031-01-07') },
      { kind: 'venue', from: '포항', to: '경주' },
    ]);
    assert.deepEqual(scheduleDiff(before, { ...before, venue: '포항' }), [], 'spaces are not a change');
  });

  it('notes a published course’s change and tells its trainees once, after a quiet time, with the edit’s author to reply to', async () => {
    const course = (await make.course({ status: 'published' })).toObject();
    const enrolled = await make.trainee();
    const gone = await make.trainee();
    await make.enrollment(course, enrolled, 'enrolled');
    await make.enrollment(course, gone, 'withdrawn');
    const moved = {
      ...course,
      sessions: course.sessions.map((s, i) => (i === 0 ? { ...s, start: '13:00', end: '16:00' } : s)),
    };
    const author = { name: '박담당', email: 'park@postech.example' };
    await noteScheduleChange(author, course, moved);
    await Course.updateOne({ _id: course._id }, { $set: { sessions: moved.sessions } });
    assert.equal(await tellDueScheduleChanges(), 0, 'not yet: more edits may follow');

    clock.advance(scheduleQuietMs + 1000);
    assert.equal(await tellDueScheduleChanges(), 1);
    assert.equal(await tellDueScheduleChanges(), 0, 'told once');
    assert.equal(await ScheduleChange.countDocuments({ course: course._id }), 0);
    const told = await Notification.find({ kind: 'scheduleChanged', 'params.titleKo': course.title.ko }).lean();
    assert.deepEqual(
      told.map((n) => String(n.user)),
      [String(enrolled._id)],
    );
    assert.match(String(told[0]?.params?.changesKo), /13:00/);
  });

  it('notes nothing for a draft or an edit that keeps the schedule, and tells nothing when edited back', async () => {
    const draft = (await make.course({ status: 'draft' })).toObject();
    const other = { ...draft, venue: '다른 곳' };
    await noteScheduleChange({ name: 'x', email: 'x@example.kr' }, draft, other);
    const published = (await make.course({ status: 'published' })).toObject();
    await make.enrollment(published, await make.trainee(), 'enrolled');
    await noteScheduleChange({ name: 'x', email: 'x@example.kr' }, published, { ...published });
    assert.equal(await ScheduleChange.countDocuments({ course: { $in: [draft._id, published._id] } }), 0);

    await noteScheduleChange({ name: 'x', email: 'x@example.kr' }, published, { ...published, venue: '다른 곳' });
    assert.equal(await ScheduleChange.countDocuments({ course: published._id }), 1);
    // The venue is put back before anyone is told.
    clock.advance(scheduleQuietMs + 1000);
    assert.equal(await tellDueScheduleChanges(), 0);
    assert.equal(await ScheduleChange.countDocuments({ course: published._id }), 0);
    assert.deepEqual(scheduleOf({ sessions: [], venue: null }), { sessions: [], venue: '' });
  });
});
