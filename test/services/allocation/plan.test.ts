import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import type { EnrollmentStatus } from '../../../models/enrollment';
import { planBatch, type Intent } from '../../../server/services/allocation/plan';
import type { AllocCourse, CourseState, EnrollmentRow } from '../../../server/services/allocation/state';

const dayMs = 86_400_000;
const now = new Date('2026-12-05T01:00:00Z');

/** A published course open for application now, starting in two weeks. */
function course(capacity: number, extra: Partial<AllocCourse> = {}): AllocCourse {
  return {
    _id: new Types.ObjectId(),
    university: new Types.ObjectId(),
    title: { ko: '셀 설계', en: 'Cell design' },
    status: 'published',
    capacity,
    approvalRequired: false,
    startsAt: new Date(now.getTime() + 14 * dayMs),
    enrolmentOpensAt: new Date(now.getTime() - dayMs),
    enrolmentClosesAt: new Date(now.getTime() + 7 * dayMs),
    eligibleCategories: ['student', 'job_seeker', 'employee'],
    sessions: [],
    ...extra,
  } as AllocCourse;
}

function stateOf(c: AllocCourse, rows: EnrollmentRow[] = []): CourseState {
  return {
    course: c,
    seats: new Map(),
    waitlist: [],
    byTrainee: new Map(rows.map((r) => [String(r.trainee), r])),
    byId: new Map(rows.map((r) => [String(r._id), r])),
  };
}

let arrival = 0;
function applying(trainee = new Types.ObjectId()): Intent {
  return {
    _id: `apply:${String(trainee)}:${arrival}`,
    kind: 'apply',
    trainee,
    category: 'student',
    approved: true,
    byStaff: false,
    actor: { id: String(trainee), role: 'trainee' },
    at: new Date(now.getTime() + arrival++),
  };
}

function row(status: EnrollmentStatus, seq = 1): EnrollmentRow {
  return { _id: new Types.ObjectId(), trainee: new Types.ObjectId(), status, seq };
}

describe('the allocator’s plan (pure decisions)', () => {
  it('seats applicants in arrival order up to capacity, then queues the rest with their ranks', () => {
    const intents = Array.from({ length: 5 }, () => applying());
    const plan = planBatch(stateOf(course(2)), intents, now);
    assert.deepEqual(
      plan.outcomes.map((o) => [o.status, o.seatNo, o.rank]),
      [
        ['enrolled', 1, undefined],
        ['enrolled', 2, undefined],
        ['waitlisted', undefined, 1],
        ['waitlisted', undefined, 2],
        ['waitlisted', undefined, 3],
      ],
    );
    assert.equal(plan.seatsIn.length, 2);
    assert.equal(plan.queueIn.length, 3);
    assert.ok(plan.queueIn.every((q, i, all) => i === 0 || all[i - 1]!.position < q.position));
    assert.equal(plan.steps.length, 5);
    assert.equal(plan.audits.length, 5);
  });

  it('refuses a second application of the same trainee in the same batch, and one outside the window', () => {
    const trainee = new Types.ObjectId();
    const first = applying(trainee);
    const again = { ...applying(trainee), _id: 'apply:again' };
    const plan = planBatch(stateOf(course(5)), [first, again], now);
    assert.deepEqual(
      plan.outcomes.map((o) => o.refusal ?? o.status),
      ['enrolled', 'enrollment.errors.alreadyApplied'],
    );
    const closed = planBatch(stateOf(course(5, { enrolmentClosesAt: new Date(now.getTime() - 1) })), [applying()], now);
    assert.equal(closed.outcomes[0]?.refusal, 'enrollment.errors.windowClosed');
    assert.equal(closed.steps.length, 0);
  });

  it('gives a withdrawn seat to the first waitlisted trainee, as pending when approval is required', () => {
    const seated = row('pending');
    const waiting = row('waitlisted', 1);
    const state = stateOf(course(1, { approvalRequired: true }), [seated, waiting]);
    state.seats.set(String(seated._id), { seatNo: 1, trainee: String(seated.trainee), enrollment: String(seated._id) });
    state.waitlist.push({ position: 5, trainee: String(waiting.trainee), enrollment: String(waiting._id) });
    const withdraw: Intent = {
      _id: 'withdraw:1',
      kind: 'withdraw',
      enrollment: seated._id,
      approved: false,
      byStaff: false,
      actor: { id: String(seated.trainee), role: 'trainee' },
      at: now,
    };
    const plan = planBatch(state, [withdraw], now);
    assert.deepEqual(
      plan.steps.map((s) => [String(s.enrollment), s.from, s.to, s.seq]),
      [
        [String(seated._id), 'pending', 'withdrawn', 2],
        [String(waiting._id), 'waitlisted', 'pending', 2],
      ],
    );
    assert.deepEqual(plan.seatsOut, [seated._id]);
    assert.deepEqual(
      plan.seatsIn.map((s) => [String(s.enrollment), s.seatNo]),
      [[String(waiting._id), 1]],
    );
    assert.deepEqual(plan.queueOut, [waiting._id]);
    assert.deepEqual(
      plan.notices.map((n) => n.kind),
      ['promotedPending'],
    );
  });

  it('decides an intent whose step a stopped run already wrote by the facts, writing nothing again', () => {
    const done = { ...row('enrolled'), intent: 'apply:done' };
    const state = stateOf(course(2), [done]);
    state.seats.set(String(done._id), { seatNo: 2, trainee: String(done.trainee), enrollment: String(done._id) });
    const intent = { ...applying(done.trainee), _id: 'apply:done' };
    const plan = planBatch(state, [intent], now);
    assert.deepEqual(plan.outcomes, [
      { _id: 'apply:done', enrollment: done._id, status: 'enrolled', seq: 1, seatNo: 2, rank: undefined },
    ]);
    assert.equal(plan.steps.length + plan.seatsIn.length + plan.audits.length, 0);
  });

  it('finishes a promotion a run stopped half-way: the waitlisted trainee holding a seat steps up, the entry goes', () => {
    const halfway = row('waitlisted');
    const state = stateOf(course(1), [halfway]);
    state.seats.set(String(halfway._id), {
      seatNo: 1,
      trainee: String(halfway.trainee),
      enrollment: String(halfway._id),
    });
    state.waitlist.push({ position: 7, trainee: String(halfway.trainee), enrollment: String(halfway._id) });
    const plan = planBatch(state, [], now);
    assert.deepEqual(
      plan.steps.map((s) => [s.from, s.to]),
      [['waitlisted', 'enrolled']],
    );
    assert.deepEqual(plan.queueOut, [halfway._id]);
    assert.equal(plan.seatsIn.length, 0, 'the seat it holds is kept');
  });

  it('withdraws every open application of a cancelled course and tells each trainee', () => {
    const rows = [row('enrolled'), row('pending'), row('waitlisted'), row('completed')];
    const state = stateOf(course(2, { status: 'cancelled' }), rows);
    state.waitlist.push({ position: 1, trainee: String(rows[2]!.trainee), enrollment: String(rows[2]!._id) });
    const plan = planBatch(state, [], now);
    assert.deepEqual(
      plan.steps.map((s) => [s.from, s.to, s.reason]),
      [
        ['enrolled', 'withdrawn', 'course_cancelled'],
        ['pending', 'withdrawn', 'course_cancelled'],
        ['waitlisted', 'withdrawn', 'course_cancelled'],
      ],
    );
    assert.equal(plan.notices.filter((n) => n.kind === 'cancelled').length, 3);
    assert.equal(state.waitlist.length, 0);
  });

  const staff = { id: String(new Types.ObjectId()), role: 'staff' };
  const asked = (kind: 'cancel' | 'revoke', extra: Partial<Intent> = {}): Intent => ({
    _id: `${kind}:${arrival}`,
    kind,
    approved: false,
    byStaff: true,
    actor: staff,
    at: new Date(now.getTime() + arrival++),
    ...extra,
  });

  it('cancels the course in arrival order: an application before it is withdrawn without writing its seat, one after it refused', () => {
    const seated = row('enrolled');
    const state = stateOf(course(3), [seated]);
    state.seats.set(String(seated._id), { seatNo: 1, trainee: String(seated.trainee), enrollment: String(seated._id) });
    const [before, cancel, after] = [applying(), asked('cancel'), applying()];
    const plan = planBatch(state, [before, cancel, after], now);
    assert.equal(plan.cancellation?.at, cancel.at);
    assert.deepEqual(plan.cancellation?.audit.before, { status: 'published' });
    assert.equal(plan.seatsIn.length, 0, 'the seat given and given back in one batch is never written');
    assert.deepEqual(plan.seatsOut, [seated._id]);
    assert.equal(plan.outcomes.find((o) => o._id === after._id)?.refusal, 'enrollment.errors.notOpen');
    assert.deepEqual(
      plan.steps.map((s) => [s.from, s.to]),
      [
        [null, 'enrolled'],
        ['enrolled', 'withdrawn'],
        ['enrolled', 'withdrawn'],
      ],
    );
    // The application's confirmation, then each trainee's cancellation.
    assert.deepEqual(
      plan.notices.map((n) => n.kind),
      ['enrolled', 'cancelled', 'cancelled'],
    );
    assert.equal(new Set(plan.notices.map((n) => `${n.key}:${String(n.user)}`)).size, 3, 'each notice keyed apart');
    // A second cancel of a cancelled course plans nothing more.
    const again = planBatch(stateOf(course(3, { status: 'cancelled' })), [asked('cancel')], now);
    assert.equal(again.cancellation, undefined);
  });

  it('revokes a completion once: the step, the certificate, its audit and notice; a later revocation is refused', () => {
    const completed = row('completed', 4);
    const certificate = { id: new Types.ObjectId(), number: 'BTH-TEST-1', title: { ko: '셀 설계', en: 'Cell design' } };
    const first = asked('revoke', { enrollment: completed._id, certificate, reason: '오기재' });
    const second = asked('revoke', { enrollment: completed._id, certificate, reason: '다른 사유' });
    const plan = planBatch(stateOf(course(2, { status: 'completed' }), [completed]), [first, second], now);
    assert.deepEqual(
      plan.steps.map((s) => [s.from, s.to, s.seq, s.reason]),
      [['completed', 'not_completed', 5, 'certificate_revoked']],
    );
    assert.deepEqual(plan.revocations, [{ certificate: certificate.id, by: staff.id, reason: '오기재', at: first.at }]);
    assert.deepEqual(
      plan.audits.map((a) => [a.action, a.target.type]),
      [['certificate.revoke', 'Certificate']],
    );
    assert.deepEqual(
      plan.notices.map((n) => [n.kind, n.params.number]),
      [['certificateRevoked', 'BTH-TEST-1']],
    );
    assert.equal(plan.outcomes[1]?.refusal, 'certificates.errors.alreadyRevoked');
    assert.equal(plan.seatsOut.length, 0, 'a not-completed enrollment keeps its seat');
  });
});
