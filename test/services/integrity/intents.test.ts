import assert from 'node:assert/strict';
import { ActionIntent } from '../../../models/action-intent';
import { ActionOutcome } from '../../../models/action-outcome';
import { Enrollment } from '../../../models/enrollment';
import { Seat } from '../../../models/seat';
import { courseWithApplications, differences, emptyButUniversities, outcomes, repairRun } from '../../support/drift';
import { useTestApp } from '../../support/app';
import { writeApplication } from '../../support/intents';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('check-data: intents left past their deadline', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('finds an action that waited past its deadline and has the course’s allocator decide it', async () => {
    const { course } = await courseWithApplications(1);
    const key = 'apply:left-by-a-dead-instance';
    const trainee = await writeApplication(course, key);
    assert.deepEqual(await differences(['stale-intents']), [], 'a request still waits for it: not yet drift');

    await ActionIntent.updateOne({ _id: key }, { $set: { at: minutesAgo(2) } });
    const [found, ...rest] = await differences(['stale-intents']);
    assert.deepEqual(rest, []);
    assert.match(
      found!,
      new RegExp(
        `^\\[stale-intents\\] course ${String(course._id)} \\(${course.code}\\): the apply action ${key} has waited since \\S+ \\(1[12]\\d s\\) without being decided$`,
      ),
    );

    assert.deepEqual(outcomes(await repairRun()), ['stale-intents: repaired']);
    assert.equal(await ActionIntent.countDocuments({}), 0);
    assert.equal((await ActionOutcome.findById(key).lean())?.status, 'enrolled');
    const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
    assert.equal(enrollment?.status, 'enrolled');
    assert.ok(await Seat.exists({ enrollment: enrollment._id }));
    assert.deepEqual(await differences(), []);
  });
});
