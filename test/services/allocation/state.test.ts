import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { freeSeatNo, readCourseState, readSeats } from '../../../server/services/allocation/state';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe("what a course's allocator reads", () => {
  useTestApp();

  it('reads the seats, the waitlist in queue order and the enrollments by trainee and by id', async () => {
    const course = await make.course({ capacity: 2 });
    const seated = await make.trainee();
    const [late, early] = [await make.trainee(), await make.trainee()];
    const held = await make.enrollment(course, seated, 'enrolled');
    const lateEntry = await make.enrollment(course, late, 'waitlisted');
    const earlyEntry = await make.enrollment(course, early, 'waitlisted');
    await WaitlistEntry.create({ course: course._id, position: 20, trainee: late._id, enrollment: lateEntry._id });
    await WaitlistEntry.create({ course: course._id, position: 10, trainee: early._id, enrollment: earlyEntry._id });

    const state = (await readCourseState(course._id))!;
    assert.equal(state.course.code, course.code);
    assert.deepEqual(
      [...state.seats.values()],
      [{ seatNo: 1, trainee: String(seated._id), enrollment: String(held._id) }],
    );
    assert.deepEqual(
      state.waitlist.map((e) => e.trainee),
      [String(early._id), String(late._id)],
    );
    assert.equal(state.byTrainee.get(String(late._id))?.status, 'waitlisted');
    assert.equal(state.byId.get(String(held._id))?.trainee.toString(), String(seated._id));
    assert.equal(state.byId.get(String(held._id))?.seq, 0, 'a missing seq reads as 0');
    assert.deepEqual([...(await readSeats(course._id)).keys()], [String(held._id)]);
  });

  it('gives the lowest free seat number, none when full, and no state for a course that is gone', async () => {
    const course = await make.course({ capacity: 3 });
    const state = (await readCourseState(course._id))!;
    assert.equal(freeSeatNo(state), 1);
    state.seats.set('a', { seatNo: 1, trainee: 't1', enrollment: 'a' });
    state.seats.set('c', { seatNo: 3, trainee: 't3', enrollment: 'c' });
    assert.equal(freeSeatNo(state), 2);
    state.seats.set('b', { seatNo: 2, trainee: 't2', enrollment: 'b' });
    assert.equal(freeSeatNo(state), undefined);
    assert.equal(await readCourseState(new Types.ObjectId()), undefined);
  });
});
