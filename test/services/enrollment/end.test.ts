import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { CourseFigures } from '../../../models/course-figures';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { toActor } from '../../../server/services/accounts/auth';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { cancelCourse } from '../../../server/services/courses/lifecycle';
import { applyToCourse } from '../../../server/services/applications/apply';
import { approveEnrollment, withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { settlePlaces } from '../../../server/services/allocation/submit';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { html } from '../../support/html';

describe('applications when a course ends (completed or cancelled)', () => {
  const ctx = useTestApp();

  it('ends the waitlist and the unapproved applications of a completed course, and tells those trainees', async () => {
    const staff = toActor(await make.staff('postech'));
    const course = await make.course({
      capacity: 2,
      approvalRequired: true,
      title: { ko: '전해질 분석', en: 'Electrolyte analysis' },
    });
    const [seated, unapproved, waiting] = await Promise.all(
      ['김수강', '이승인대기', '박대기'].map((name) => make.trainee({ name })),
    );
    const applied = [];
    for (const t of [seated!, unapproved!, waiting!]) applied.push(await applyToCourse(toActor(t), String(course._id)));
    assert.deepEqual(
      applied.map((a) => a.status),
      ['pending', 'pending', 'waitlisted'],
    );
    await approveEnrollment(staff, applied[0]!.enrollmentId);
    // The course then took place: its sessions are now in the past.
    const doc = await Course.findById(course._id);
    assert.ok(doc);
    doc.sessions.forEach((s, i) => (s.date = dayFromNow(-10 + i)));
    doc.status = 'closed';
    await doc.save();
    await make.marks(doc, { _id: applied[0]!.enrollmentId }, ['present', 'present', 'present']);

    await commitCompletion(staff, String(course._id), {});
    const status = async (id: string) => (await Enrollment.findById(id).lean())?.status;
    assert.equal(await status(applied[0]!.enrollmentId), 'completed');
    assert.equal(await status(applied[1]!.enrollmentId), 'lapsed');
    assert.equal(await status(applied[2]!.enrollmentId), 'lapsed');
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0, 'the waitlist has ended');
    assert.equal(await Seat.countDocuments({ course: course._id }), 1, 'only the completed trainee keeps a seat');
    assert.equal(
      await Notification.countDocuments({ kind: 'applicationLapsed', user: { $in: [unapproved!._id, waiting!._id] } }),
      2,
    );
    assert.equal(await Notification.countDocuments({ kind: 'applicationLapsed', user: seated!._id }), 0);
    const figures = await CourseFigures.findById(course._id).lean();
    assert.equal(JSON.parse(figures?.rows ?? '[]').length, 1, 'ended applications are not enrollments in any figure');

    const me = await loginAgent(ctx.app, waiting!.email);
    const page = await me.agent.get('/me').expect(200);
    const $ = html(page.text);
    assert.equal($('.waitlist-rank').length, 0, 'no waitlist rank on a finished course');
    assert.equal($('.enrollment-group[data-group=waitlisted]').length, 0);
    assert.equal($('.my-enrollment[data-status=lapsed] .enrollment-status').text(), '미배정 종료');
    assert.match($('.notification[data-kind=applicationLapsed]').text(), /「전해질 분석」 과정이 끝나/);
    const english = await me.agent.get('/me?lang=en').expect(200);
    assert.equal(
      html(english.text)('.my-enrollment[data-status=lapsed] .enrollment-status').text(),
      'Ended without a seat',
    );
    assert.match(
      html(english.text)('.notification[data-kind=applicationLapsed]').text(),
      /“Electrolyte analysis” has ended/,
    );
  });

  it('promotes nobody into a course cancelled after the caller read it', async () => {
    const course = await make.course({ capacity: 1 });
    const [first, second] = await Promise.all([make.trainee(), make.trainee()]);
    const seated = await applyToCourse(toActor(first!), String(course._id));
    const waiting = await applyToCourse(toActor(second!), String(course._id));
    assert.equal(waiting.status, 'waitlisted');
    // The moment a cancellation has written the course's status, a seat comes free and the
    // allocator is asked to hand it on: it withdraws the queue instead.
    await Course.updateOne({ _id: course._id }, { $set: { status: 'cancelled' } });
    await Seat.deleteOne({ enrollment: seated.enrollmentId });
    await settlePlaces(course._id, toActor(second!));
    assert.equal((await Enrollment.findById(waiting.enrollmentId).lean())?.status, 'withdrawn');
    assert.equal(await Seat.countDocuments({ course: course._id }), 0);
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
  });

  it('withdraws the waitlist of a cancelled course with everyone else, and the trainees are told', async () => {
    const course = await make.course({ capacity: 1 });
    const [first, second] = await Promise.all([make.trainee(), make.trainee()]);
    await applyToCourse(toActor(first!), String(course._id));
    const waiting = await applyToCourse(toActor(second!), String(course._id));
    await cancelCourse(toActor(await make.staff('postech')), String(course._id), 'test reason');
    assert.equal((await Enrollment.findById(waiting.enrollmentId).lean())?.status, 'withdrawn');
    assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
    assert.equal(await Seat.countDocuments({ course: course._id }), 0);
    assert.equal(await Notification.countDocuments({ kind: 'cancelled', user: { $in: [first!._id, second!._id] } }), 2);
    // A withdrawal of the other trainee afterwards hands nothing on.
    await assert.rejects(withdrawEnrollment(toActor(second!), waiting.enrollmentId));
    // The cancelled course is no longer public, yet /me still names it.
    const me = await loginAgent(ctx.app, first!.email);
    const $ = html((await me.agent.get('/me').expect(200)).text);
    assert.equal($('.my-enrollment[data-status=withdrawn] .course-title').text(), course.title.ko);
  });
});
