import assert from 'node:assert/strict';
import request from 'supertest';
import { Certificate } from '../../models/certificate';
import { CompletionReport } from '../../models/completion-report';
import { Course, courseStatuses, maxCourseSkills, tracks } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { MailMessage } from '../../models/mail-message';
import { Notification } from '../../models/notification';
import { OutcomeAnswer } from '../../models/outcome-answer';
import { OutcomeRequest } from '../../models/outcome-request';
import { Seat } from '../../models/seat';
import { User } from '../../models/user';
import { WaitlistEntry } from '../../models/waitlist-entry';
import { seedDemo } from '../../server/seed/demo';
import { toActor } from '../../server/services/accounts/auth';
import { cityDashboardView } from '../../server/services/city/dashboard';
import { yearOfPeriod } from '../../server/services/city/target-progress';
import { useTestApp } from '../support/app';
import { html } from '../support/html';

describe('demo data', () => {
  const ctx = useTestApp();

  it('loads about forty courses in every state, with enrollments, waitlists, completions and reports', async function () {
    this.timeout(60_000);
    const started = Date.now();
    await seedDemo();
    // Timing is reported, not asserted: the benchmarks measure performance, the tests behaviour.
    const elapsed = Date.now() - started;
    const courses = await Course.find().lean();
    assert.ok(courses.length >= 38);
    assert.deepEqual(new Set(courses.map((c) => c.status)), new Set(courseStatuses));
    assert.deepEqual(new Set(courses.map((c) => c.track)), new Set(tracks));
    assert.equal(new Set(courses.map((c) => String(c.university))).size, 8);
    assert.ok((await WaitlistEntry.countDocuments()) > 0);
    const seatHolding = ['enrolled', 'pending', 'completed', 'not_completed'];
    assert.equal(await Seat.countDocuments(), await Enrollment.countDocuments({ status: { $in: seatHolding } }));
    const trainee = await User.findOne({ email: 'trainee@demo.kr' }).lean();
    const mine = await Enrollment.find({ trainee: trainee!._id }).lean();
    assert.deepEqual(new Set(mine.map((e) => e.status)), new Set(['enrolled', 'pending', 'waitlisted', 'withdrawn']));
    const now = new Date();
    assert.ok(
      courses.some((c) => c.status === 'closed' && c.startsAt! < now && c.endsAt! > now),
      'a course is in progress',
    );
    const completed = courses.filter((c) => c.status === 'completed');
    assert.ok(completed.length >= 5 && completed.every((c) => c.endsAt! < now));
    // Finished courses were decided through the completion service: certificates and reports exist.
    assert.equal(await Certificate.countDocuments(), await Enrollment.countDocuments({ status: 'completed' }));
    assert.ok((await Certificate.countDocuments()) > 0);
    assert.ok((await CompletionReport.countDocuments({ status: 'acknowledged' })) > 0);
    // Its people are fictional: they see their notices in the app, and no mail is left to send them.
    assert.ok((await Notification.countDocuments({ user: trainee!._id })) > 0);
    assert.equal(await MailMessage.countDocuments(), 0);
    // Follow-up answers for finished courses: some work in Pohang's battery firms, some still look for work.
    const answers = await OutcomeAnswer.find().lean();
    assert.ok(answers.some((a) => a.employment === 'employed' && a.sector === 'battery' && a.inPohang));
    assert.ok(answers.some((a) => a.employment === 'seeking'));
    assert.ok((await OutcomeRequest.countDocuments()) > answers.length, 'not everyone answered');
    const trainees = await User.find({ role: 'trainee' }).lean();
    assert.ok(
      trainees.every((t) => t.privacyConsent?.version),
      'every demo trainee gave the required consent',
    );
    assert.ok(trainees.filter((t) => t.trainee?.followUp?.given).length > trainees.length / 2);
    const res = await request(ctx.app).get('/courses?open=1').expect(200);
    assert.ok(html(res.text)('.course-card').length >= 10);
    console.log(`      demo data seeded in ${elapsed} ms`);
  });

  it('tags every course with skills and sets this year targets, about half of them met', async () => {
    const courses = await Course.find({}, { skills: 1 }).lean();
    assert.ok(courses.every((c) => c.skills.length >= 2 && c.skills.length <= maxCourseSkills));
    const city = await User.findOne({ email: 'city@demo.kr' }).lean();
    const { targets } = await cityDashboardView(toActor(city!), {});
    assert.equal(targets.year, yearOfPeriod(undefined));
    assert.equal(targets.rows.filter((r) => r.scope === 'all').length, 8);
    assert.ok(targets.rows.some((r) => r.scope === 'track') && targets.rows.some((r) => r.scope === 'skill'));
    assert.ok(targets.set >= 15, `${targets.set} targets`);
    assert.ok(
      targets.met >= targets.set * 0.3 && targets.met <= targets.set * 0.7,
      `${targets.met} of ${targets.set} met`,
    );
  });
});
