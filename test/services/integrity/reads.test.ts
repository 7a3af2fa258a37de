import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { count, courseName, eachLimited, groupBy, Reads } from '../../../server/services/integrity/reads';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('integrity/reads: what the data checks read, once per run', () => {
  useTestApp();

  it('reads each collection once until told to forget, so repairs are seen by the checks after them', async () => {
    const course = await make.course({ code: 'READ-1', capacity: 3 });
    const trainee = await make.trainee();
    await make.enrollment(course, trainee, 'enrolled');
    const reads = new Reads();
    const courses = await reads.courses();
    assert.equal(courses.get(String(course._id))?.capacity, 3);
    assert.equal(courseName(courses, course._id), `course ${String(course._id)} (READ-1)`);
    assert.match(courseName(courses, '0123456789abcdef01234567'), /no such course/);
    assert.ok((await reads.enrollments('enrolled')).some((e) => String(e.trainee) === String(trainee._id)));
    assert.ok((await reads.seats()).some((s) => String(s.trainee) === String(trainee._id)));
    assert.ok((await reads.trainees()).has(String(trainee._id)));

    await Course.updateOne({ _id: course._id }, { $set: { capacity: 9 } });
    assert.equal((await reads.courses()).get(String(course._id))?.capacity, 3, 'remembered');
    reads.forget();
    assert.equal((await reads.courses()).get(String(course._id))?.capacity, 9, 'read again');
  });

  it('groups rows, runs work a few at a time, and counts in words', async () => {
    const groups = groupBy([{ k: 1 }, { k: 2 }, { k: 1 }], (r) => r.k);
    assert.deepEqual(
      [...groups].map(([k, rows]) => [k, rows.length]),
      [
        ['1', 2],
        ['2', 1],
      ],
    );
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    assert.deepEqual(done.sort(), [1, 2, 3, 4, 5]);
    assert.equal(most, 2);
    assert.equal(count(1, 'seat'), '1 seat');
    assert.equal(count(3, 'entry', 'entries'), '3 entries');
  });
});
