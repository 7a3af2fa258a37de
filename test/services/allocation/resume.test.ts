import assert from 'node:assert/strict';
import { ActionIntent } from '../../../models/action-intent';
import { Enrollment } from '../../../models/enrollment';
import { resumeOpenIntents } from '../../../server/services/allocation/resume';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('resuming undecided actions', () => {
  useTestApp();

  it('decides the intents a lost request left behind, course by course', async () => {
    const courses = [await make.course(), await make.course()];
    const trainees = [];
    for (const [i, course] of courses.entries()) {
      const trainee = await make.trainee();
      trainees.push(trainee);
      await ActionIntent.create({
        _id: `apply:lost:${i}`,
        course: course._id,
        kind: 'apply',
        trainee: trainee._id,
        category: 'job_seeker',
        approved: true,
        actor: { id: String(trainee._id), role: 'trainee' },
        at: new Date(),
      });
    }
    assert.equal(await resumeOpenIntents(), 2);
    assert.equal(await ActionIntent.countDocuments({}), 0);
    for (const trainee of trainees)
      assert.equal((await Enrollment.findOne({ trainee: trainee._id }).lean())?.status, 'enrolled');
  });

  it('has nothing to do when no intent is open', async () => {
    assert.equal(await resumeOpenIntents(), 0);
  });
});
