import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { WaitlistEntry } from '../../../models/waitlist-entry';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { loginMany, useCheapPasswordHash } from '../../support/parallel-agents';

/** The invariants of DESIGN.md rules 1–3, checked from the stored documents themselves. */
async function assertInvariants(courseId: unknown, capacity: number) {
  const seats = await Seat.find({ course: courseId }).lean();
  const waitlist = await WaitlistEntry.find({ course: courseId }).lean();
  const enrollments = await Enrollment.find({ course: courseId }).lean();
  const byId = new Map(enrollments.map((e) => [String(e._id), e]));
  const holding = enrollments.filter((e) => e.status === 'enrolled' || e.status === 'pending');
  assert.ok(seats.length <= capacity, `seats ${seats.length} exceed capacity ${capacity}`);
  assert.equal(seats.length, holding.length, 'every enrolled or pending application holds exactly one seat');
  assert.equal(new Set(seats.map((s) => s.seatNo)).size, seats.length);
  for (const seat of seats) assert.match(byId.get(String(seat.enrollment))?.status ?? '', /^(enrolled|pending)$/);
  assert.equal(new Set(waitlist.map((w) => w.position)).size, waitlist.length, 'waitlist positions are distinct');
  assert.equal(waitlist.length, enrollments.filter((e) => e.status === 'waitlisted').length);
  for (const entry of waitlist) assert.equal(byId.get(String(entry.enrollment))?.status, 'waitlisted');
  const seated = new Set(seats.map((s) => String(s.trainee)));
  assert.ok(!waitlist.some((w) => seated.has(String(w.trainee))), 'no trainee is both seated and waitlisted');
  return { seats: seats.length, waitlist, enrollments };
}

describe('enrollment under concurrency (embedded engine)', function () {
  this.timeout(120_000);
  const ctx = useTestApp();
  let server: Server;
  const capacity = 30;

  before(async () => {
    server = ctx.app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  let courseId: string;
  let trainees: Awaited<ReturnType<typeof make.trainee>>[];
  let agents: Awaited<ReturnType<typeof loginMany>>;

  before(async () => {
    // 200 applicants for the first race and 30 newcomers for the second, each signed in over HTTP.
    const started = Date.now();
    trainees = await Promise.all(Array.from({ length: 230 }, (_v, i) => make.trainee({ name: `동시 ${i}` })));
    await useCheapPasswordHash(trainees.map((t) => t._id));
    const created = Date.now();
    agents = await loginMany(
      server,
      trainees.map((t) => t.email),
    );
    console.log(
      `      230 trainees created in ${created - started} ms and signed in over HTTP in ${Date.now() - created} ms`,
    );
  });

  it('gives 30 seats to 200 simultaneous applicants and queues the other 170 in distinct positions', async () => {
    const course = await make.course({ capacity });
    courseId = String(course._id);
    const started = Date.now();
    const answers = await Promise.all(
      agents
        .slice(0, 200)
        .map(({ agent, csrf }) => agent.post(`/courses/${courseId}/enroll`).type('form').send({ _csrf: csrf })),
    );
    const elapsed = Date.now() - started;
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [303]);

    const { seats, waitlist, enrollments } = await assertInvariants(course._id, capacity);
    assert.equal(enrollments.filter((e) => e.status === 'enrolled').length, 30);
    assert.equal(enrollments.filter((e) => e.status === 'waitlisted').length, 170);
    assert.equal(seats, 30);
    assert.equal(waitlist.length, 170);
    assert.equal(enrollments.length, 200);
    console.log(`      200 parallel applications answered in ${elapsed} ms`);
  });

  it('keeps the invariants while withdrawals race new applications, promoting from the waitlist', async () => {
    const enrolled = await Enrollment.find({ course: courseId, status: 'enrolled' }).limit(15).lean();
    // Waitlisted leavers from the tail of the queue, so that promotions from its head do not race them.
    const waitlisted = await WaitlistEntry.find({ course: courseId }).sort({ position: -1 }).limit(10).lean();
    const leaving = new Map([
      ...enrolled.map((e) => [String(e.trainee), String(e._id)] as const),
      ...waitlisted.map((w) => [String(w.trainee), String(w.enrollment)] as const),
    ]);
    const leavers = agents.slice(0, 200).flatMap((a, i) => {
      const enrollmentId = leaving.get(String(trainees[i]!._id));
      return enrollmentId ? [{ ...a, enrollmentId }] : [];
    });
    assert.equal(leavers.length, 25);
    const newcomers = trainees.slice(200);

    const requests = [
      ...leavers.map(({ agent, csrf, enrollmentId }) =>
        agent.post(`/enrollments/${enrollmentId}/withdraw`).type('form').send({ _csrf: csrf }),
      ),
      ...agents
        .slice(200)
        .map(({ agent, csrf }) => agent.post(`/courses/${courseId}/enroll`).type('form').send({ _csrf: csrf })),
    ];
    const answers = await Promise.all(requests);
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [303]);

    const { seats, waitlist, enrollments } = await assertInvariants(courseId, capacity);
    assert.equal(seats, capacity, 'the waitlist was long enough to refill every freed seat');
    assert.equal(enrollments.filter((e) => e.status === 'withdrawn').length, 25);
    // 170 waiting − 10 who left − 15 promoted + 30 newcomers (who queue behind them).
    assert.equal(waitlist.length, 170 - 10 - 15 + 30);
    const newcomerIds = new Set(newcomers.map((t) => String(t._id)));
    assert.ok(
      !(await Seat.find({ course: courseId }).lean()).some((s) => newcomerIds.has(String(s.trainee))),
      'newcomers do not jump the queue',
    );
    assert.equal(enrollments.filter((e) => e.status === 'enrolled').length, 30);
    assert.equal(await Notification.countDocuments({ kind: 'promoted' }), 15);
  });
});
