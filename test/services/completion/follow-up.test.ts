import assert from 'node:assert/strict';
import { Notification } from '../../../models/notification';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { OutcomeDue } from '../../../models/outcome-due';
import { OutcomeRequest } from '../../../models/outcome-request';
import { FormError, NotFoundError } from '../../../server/errors';
import { toActor } from '../../../server/services/accounts/auth';
import {
  answerFollowUp,
  askDueFollowUps,
  loadFollowUp,
  openFollowUps,
  scheduleFollowUps,
} from '../../../server/services/completion/follow-up';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const formError = (key: string) => (e: unknown) => e instanceof FormError && e.errors._form === key;

describe('completion/follow-up: asking completers how they fared, 3 and 6 months on', () => {
  useTestApp();

  it('schedules both rounds once on the Seoul calendar, and asks on the due day only those who still consent', async () => {
    const course = await make.course({ status: 'completed' });
    const willing = await make.trainee({ followUp: true });
    const unwilling = await make.trainee({ followUp: false });
    const a = await make.enrollment(course, willing, 'completed');
    const b = await make.enrollment(course, unwilling, 'completed');
    const completions = [
      { enrollment: a._id, trainee: willing._id },
      { enrollment: b._id, trainee: unwilling._id },
    ];
    // 2026-08-31 in Seoul (15:00 UTC the day before is midnight there).
    const completedAt = new Date('2026-08-30T15:30:00Z');
    await scheduleFollowUps(completions, completedAt);
    await scheduleFollowUps(completions, completedAt);
    const dues = await OutcomeDue.find({ enrollment: a._id }).sort({ round: 1 }).lean();
    assert.deepEqual(
      dues.map((d) => [d.round, d.dueDay]),
      [
        [3, '2026-11-30'],
        [6, '2027-02-28'],
      ],
    );
    assert.equal(await OutcomeDue.countDocuments({ enrollment: b._id }), 2);

    assert.equal(await askDueFollowUps('2026-11-30', new Date()), 1);
    assert.equal(await askDueFollowUps('2026-11-30', new Date()), 0, 'a day visited twice asks nobody twice');
    assert.equal(await OutcomeRequest.countDocuments({ enrollment: a._id, round: 3 }), 1);
    assert.equal(await OutcomeRequest.countDocuments({ enrollment: b._id }), 0);
    const notice = await Notification.findOne({ user: willing._id, kind: 'outcomeFollowUp' }).lean();
    assert.equal(notice?.link, `/me/outcomes/${String(a._id)}/3`);
    assert.equal(await OutcomeDue.countDocuments({ dueDay: '2026-11-30' }), 0);
  });

  it('lets the trainee asked answer once; anyone else gets a 404', async () => {
    const course = await make.course({ status: 'completed' });
    const trainee = await make.trainee({ followUp: true });
    const enrollment = await make.enrollment(course, trainee, 'completed');
    await make.askedFollowUp(enrollment, 3);
    const actor = toActor(trainee);
    const open = await openFollowUps(actor);
    assert.deepEqual(
      open.map((o) => [o.round, o.href, String(o.course?._id)]),
      [[3, `/me/outcomes/${String(enrollment._id)}/3`, String(course._id)]],
    );
    await assert.rejects(loadFollowUp(toActor(await make.trainee()), String(enrollment._id), '3'), NotFoundError);
    await assert.rejects(loadFollowUp(actor, String(enrollment._id), '6'), NotFoundError, 'not asked yet');
    await assert.rejects(loadFollowUp(actor, String(enrollment._id), '4'), NotFoundError);

    const input = { employment: 'employed' as const, sector: 'battery' as const, inPohang: true, relevance: 4 };
    await answerFollowUp(actor, String(enrollment._id), '3', input);
    const saved = await OutcomeAnswer.findOne({ enrollment: enrollment._id, round: 3 }).lean();
    assert.deepEqual(
      [saved?.employment, saved?.sector, saved?.inPohang, saved?.relevance],
      ['employed', 'battery', true, 4],
    );
    await assert.rejects(
      answerFollowUp(actor, String(enrollment._id), '3', input),
      formError('outcomes.errors.alreadyAnswered'),
    );
    assert.deepEqual(await openFollowUps(actor), []);
  });

  it('refuses an answer from a trainee who withdrew their consent', async () => {
    const course = await make.course({ status: 'completed' });
    const trainee = await make.trainee({ followUp: false });
    const enrollment = await make.enrollment(course, trainee, 'completed');
    await make.askedFollowUp(enrollment, 6);
    await assert.rejects(
      answerFollowUp(toActor(trainee), String(enrollment._id), '6', { employment: 'seeking', relevance: 2 }),
      formError('outcomes.errors.noConsent'),
    );
    assert.equal(await OutcomeAnswer.countDocuments({ enrollment: enrollment._id }), 0);
  });
});
