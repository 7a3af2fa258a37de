import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { ownEnrollment } from '../../../server/services/enrollment/own-enrollment';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { commandsDuring, countOf } from '../../support/commands';
import { make } from '../../support/factories';
import { html } from '../../support/html';

const enrollmentReads = async (run: () => Promise<unknown>) => countOf(await commandsDuring(run), 'find enrollments');

describe("a trainee's own enrollment, held for their course pages", () => {
  const ctx = useTestApp({}, { monitorCommands: true });

  it('is read once per trainee, with or without an enrollment, and then held', async () => {
    const [trainee, course, other] = await Promise.all([make.trainee(), make.course(), make.course()]);
    await make.enrollment(course, trainee, 'enrolled');
    assert.equal((await ownEnrollment(trainee._id, course._id))?.status, 'enrolled');
    assert.equal(await ownEnrollment(trainee._id, other._id), null);
    assert.equal(
      await enrollmentReads(async () => {
        assert.equal((await ownEnrollment(String(trainee._id), String(course._id)))?.status, 'enrolled');
        assert.equal(await ownEnrollment(trainee._id, other._id), null);
      }),
      0,
    );
  });

  it('is read again after any enrollment write, whichever way it was written', async () => {
    const [trainee, course] = await Promise.all([make.trainee(), make.course()]);
    assert.equal(await ownEnrollment(trainee._id, course._id), null);
    const enrollment = await make.enrollment(course, trainee, 'pending');
    assert.equal((await ownEnrollment(trainee._id, course._id))?.status, 'pending');
    await Enrollment.updateOne({ _id: enrollment._id }, { $set: { status: 'enrolled' } });
    assert.equal((await ownEnrollment(trainee._id, course._id))?.status, 'enrolled');
    await Enrollment.bulkWrite([
      { updateOne: { filter: { _id: enrollment._id }, update: { $set: { status: 'withdrawn' } } } },
    ]);
    assert.equal((await ownEnrollment(trainee._id, course._id))?.status, 'withdrawn');
    await Enrollment.deleteOne({ _id: enrollment._id });
    assert.equal(await ownEnrollment(trainee._id, course._id), null);
  });

  it("shows the course page's apply box as the application stands, at once after applying and withdrawing", async () => {
    const trainee = await make.trainee();
    const course = await make.course({ capacity: 5 });
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const path = `/courses/${String(course._id)}`;
    const applyButton = async () => html((await agent.get(path).expect(200)).text)('form[action$="/enroll"]').length;
    assert.equal(await applyButton(), 1, 'not applied: the apply form');
    await applyToCourse(toActor(trainee), String(course._id));
    await allocatorsIdle();
    assert.equal(await applyButton(), 0, 'applied: no apply form');
    const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
    await withdrawEnrollment(toActor(trainee), String(enrollment!._id));
    assert.equal(await applyButton(), 1, 'withdrawn: the apply form again');
  });

  it('keeps a course applied for out of the courses the trainee can apply to, at once, and brings it back on withdrawal', async () => {
    const trainee = await make.trainee();
    const course = await make.course({ title: { ko: '지원 가능 확인 과정', en: 'Can apply check' } });
    const { agent } = await loginAgent(ctx.app, trainee.email);
    const listed = async () =>
      (await agent.get(`/courses?eligible=1&q=${encodeURIComponent('지원 가능 확인')}`).expect(200)).text.includes(
        '지원 가능 확인 과정',
      );
    assert.equal(await listed(), true);
    assert.equal(await enrollmentReads(listed), 0, 'held once read');
    await applyToCourse(toActor(trainee), String(course._id));
    await allocatorsIdle();
    assert.equal(await listed(), false, 'applied: not offered again');
    const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
    await withdrawEnrollment(toActor(trainee), String(enrollment!._id));
    assert.equal(await listed(), true, 'withdrawn: offered again');
  });
});
