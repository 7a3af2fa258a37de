import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { CourseFigures } from '../../../models/course-figures';
import { PendingFactChange } from '../../../models/pending-fact-change';
import { announceAhead, markOf } from '../../../server/services/copies/changes';
import { checkData } from '../../../server/services/integrity/run';
import { markDeadlineMs } from '../../../server/services/integrity/marks';
import { useTestApp } from '../../support/app';
import { differences, emptyButUniversities, outcomes } from '../../support/drift';
import { make } from '../../support/factories';

describe('check-data: changes recorded ahead that never reached their copies (stale-copies)', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('leaves a young mark to its writer, finds one past its deadline, and announces it again', async () => {
    const course = await make.course({ status: 'published' });
    // Figures are kept for a course with counted enrollments.
    await make.enrollment(course, await make.trainee());
    const mark = markOf({ fact: 'course', course: course._id });
    await announceAhead(mark);
    await Course.updateOne({ _id: course._id }, { $set: { 'title.ko': '놓친 제목' } });
    assert.deepEqual(await differences(['stale-copies']), [], 'its writer may still announce it');

    await PendingFactChange.updateOne(
      { _id: mark.id },
      { $set: { since: new Date(Date.now() - markDeadlineMs - 60_000), tries: 5 } },
    );
    const [found, ...rest] = await differences(['stale-copies']);
    assert.deepEqual(rest, []);
    assert.match(
      found!,
      new RegExp(
        `^\\[stale-copies\\] the course change of course ${String(course._id)} recorded at \\S+ has not reached its copies \\(5 refreshes failed\\)$`,
      ),
    );

    const report = await checkData({ repair: 'safe', by: 'data_check_job', only: ['stale-copies'] });
    assert.deepEqual(outcomes(report), ['stale-copies: repaired']);
    assert.equal((await CourseFigures.findById(course._id).lean())?.title.ko, '놓친 제목');
    assert.equal(await PendingFactChange.countDocuments({ _id: mark.id }), 0);
  });
});
