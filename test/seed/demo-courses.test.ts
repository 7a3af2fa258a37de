import assert from 'node:assert/strict';
import request from 'supertest';
import { Course, courseStatuses, tracks } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { Seat } from '../../models/seat';
import { User } from '../../models/user';
import { WaitlistEntry } from '../../models/waitlist-entry';
import { seedDemo } from '../../server/seed/demo';
import { useTestApp } from '../support/app';
import { html } from '../support/html';

describe('demo courses', () => {
  const ctx = useTestApp();

  it('loads about forty courses in every state, with enrollments and waitlists, quickly', async function () {
    this.timeout(30_000);
    const started = Date.now();
    await seedDemo();
    const elapsed = Date.now() - started;
    // About 4 s on an idle machine; the margin keeps a busy CI machine from failing it.
    assert.ok(elapsed < 20_000, `seeding took ${elapsed} ms`);
    const courses = await Course.find().lean();
    assert.ok(courses.length >= 38);
    assert.deepEqual(new Set(courses.map((c) => c.status)), new Set(courseStatuses));
    assert.deepEqual(new Set(courses.map((c) => c.track)), new Set(tracks));
    assert.equal(new Set(courses.map((c) => String(c.university))).size, 8);
    assert.ok((await WaitlistEntry.countDocuments()) > 0);
    assert.equal(await Seat.countDocuments(), await Enrollment.countDocuments({ status: { $in: ['enrolled', 'pending'] } }));
    const trainee = await User.findOne({ email: 'trainee@demo.kr' }).lean();
    const mine = await Enrollment.find({ trainee: trainee!._id }).lean();
    assert.deepEqual(new Set(mine.map((e) => e.status)), new Set(['enrolled', 'pending', 'waitlisted', 'withdrawn']));
    const now = new Date();
    assert.ok(courses.some((c) => c.status === 'closed' && c.startsAt! < now && c.endsAt! > now), 'a course is in progress');
    assert.ok(courses.filter((c) => c.status === 'completed').every((c) => c.endsAt! < now));
    const res = await request(ctx.app).get('/courses?open=1').expect(200);
    assert.ok(html(res.text)('.course-card').length >= 10);
    console.log(`      demo data seeded in ${elapsed} ms`);
  });
});
