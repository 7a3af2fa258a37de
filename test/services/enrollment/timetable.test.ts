import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Enrollment } from '../../../models/enrollment';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { FormError } from '../../../server/errors';
import { escapeRegExp } from '../../../server/lib/regexp';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { approveEnrollment, withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { overlappingSession, timeHoldingStatuses } from '../../../server/services/enrollment/timetable';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { type CourseSpec, dayFromNow, make } from '../../support/factories';
import { shownDate } from '../../support/dates';
import { html } from '../../support/html';
import { isRead, operationsDuring } from '../../support/operations';
import { copiesSettled } from '../../../server/services/copies/changes';

const monday = dayFromNow(30);
const at = (start: string, end: string, spec: CourseSpec = {}) =>
  make.course({ days: [monday], hours: { start, end }, ...spec });

async function refused(work: Promise<unknown>): Promise<FormError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof FormError, `expected a FormError, got ${String(err)}`);
  return err;
}

describe('timetable clashes', () => {
  const ctx = useTestApp();

  it('finds overlapping sessions; sessions that only touch, or fall on other days, do not clash', () => {
    const session = (date: string, start: string, end: string) => ({ date, start, end });
    const course = { sessions: [session('2026-12-07', '09:00', '12:00')] };
    assert.ok(overlappingSession(course, { sessions: [session('2026-12-07', '11:30', '13:00')] }));
    assert.ok(
      overlappingSession(course, {
        sessions: [session('2026-12-08', '09:00', '12:00'), session('2026-12-07', '08:00', '18:00')],
      }),
    );
    assert.equal(overlappingSession(course, { sessions: [session('2026-12-07', '12:00', '14:00')] }), undefined);
    assert.equal(overlappingSession(course, { sessions: [session('2026-12-08', '09:00', '12:00')] }), undefined);
  });

  it('refuses an application (also to a waitlist) whose sessions overlap an enrolled or pending course, naming it', async () => {
    const trainee = toActor(await make.trainee());
    const mine = await at('09:00', '12:00', { title: { ko: '셀 설계 기초', en: 'Cell design basics' } });
    await applyToCourse(trainee, String(mine._id));
    const clashing = await at('11:00', '13:00');
    const err = await refused(applyToCourse(trainee, String(clashing._id)));
    assert.deepEqual(
      [err.errors, err.params],
      [
        { _form: 'enrollment.errors.clash' },
        { titleKo: '셀 설계 기초', titleEn: 'Cell design basics', date: monday, start: '09:00', end: '12:00' },
      ],
    );
    const full = await at('10:00', '11:00', { capacity: 1 });
    await applyToCourse(toActor(await make.trainee()), String(full._id));
    assert.equal(
      (await refused(applyToCourse(trainee, String(full._id)))).errors._form,
      'enrollment.errors.clash',
      'a waitlist place would lead nowhere',
    );
    assert.equal(
      await Enrollment.countDocuments({ trainee: trainee.id }),
      1,
      'nothing is written for a refused application',
    );
    assert.equal(
      (await applyToCourse(trainee, String((await at('12:00', '14:00'))._id))).status,
      'enrolled',
      'back to back is fine',
    );

    const pendingHolder = toActor(await make.trainee());
    await applyToCourse(pendingHolder, String((await at('09:00', '12:00', { approvalRequired: true }))._id));
    assert.equal(
      (await refused(applyToCourse(pendingHolder, String(clashing._id)))).errors._form,
      'enrollment.errors.clash',
      'a pending application holds its seat and the time',
    );
  });

  it('lets a waitlisted trainee take another course at that hour, and passes them over when the queued seat comes up', async () => {
    const full = await at('09:00', '12:00', { capacity: 1, title: { ko: '인기 과정', en: 'Popular course' } });
    const holder = toActor(await make.trainee());
    const { enrollmentId: held } = await applyToCourse(holder, String(full._id));
    const waiting = toActor(await make.trainee());
    const { enrollmentId: queued, status } = await applyToCourse(waiting, String(full._id));
    assert.equal(status, 'waitlisted');
    const next = toActor(await make.trainee());
    const { enrollmentId: behind } = await applyToCourse(next, String(full._id));
    const other = await at('10:00', '11:00', { title: { ko: '대안 과정', en: 'Fallback course' } });
    assert.equal((await applyToCourse(waiting, String(other._id))).status, 'enrolled');

    await withdrawEnrollment(holder, held);
    assert.equal((await Enrollment.findById(queued).lean())?.status, 'rejected');
    assert.equal(
      (await Enrollment.findById(behind).lean())?.status,
      'enrolled',
      'the seat goes to the next in the queue',
    );
    assert.deepEqual(
      (await Seat.find({ course: full._id }).lean()).map((s) => String(s.trainee)),
      [next.id],
    );
    const notice = await Notification.findOne({ user: waiting.id, kind: 'clashDeclined' }).lean();
    assert.deepEqual([notice?.params?.titleKo, notice?.params?.otherKo], ['인기 과정', '대안 과정']);
    assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.decline_clash', targetId: queued }), 1);
  });

  it('passes over every clashing trainee the queue reaches, not only the first', async () => {
    const full = await at('09:00', '12:00', { capacity: 1 });
    const holder = toActor(await make.trainee());
    const { enrollmentId: held } = await applyToCourse(holder, String(full._id));
    const [first, second, third] = await Promise.all([0, 1, 2].map(async () => toActor(await make.trainee())));
    const queued: string[] = [];
    for (const t of [first!, second!, third!]) queued.push((await applyToCourse(t, String(full._id))).enrollmentId);
    const other = await at('10:00', '11:00');
    for (const t of [first!, second!]) assert.equal((await applyToCourse(t, String(other._id))).status, 'enrolled');

    await withdrawEnrollment(holder, held);
    const statuses = await Promise.all(queued.map(async (id) => (await Enrollment.findById(id).lean())?.status));
    assert.deepEqual(statuses, ['rejected', 'rejected', 'enrolled']);
    assert.deepEqual(
      (await Seat.find({ course: full._id }).lean()).map((s) => String(s.trainee)),
      [third!.id],
    );
  });

  it('decides a crowd applying at once from the courses that overlap, not from each applicant', async () => {
    // A day of its own: no course of the other tests meets then, so one course overlaps.
    const day = { days: [dayFromNow(47)] };
    const morning = await at('09:00', '12:00', { ...day, title: { ko: '오전 과정', en: 'Morning course' } });
    const busy = toActor(await make.trainee());
    await applyToCourse(busy, String(morning._id));
    const others = await Promise.all([0, 1, 2, 3, 4].map(async () => toActor(await make.trainee())));
    const popular = await at('11:00', '13:00', { ...day, capacity: 3 });
    await copiesSettled();
    let results: PromiseSettledResult<{ status: string }>[] = [];
    const operations = await operationsDuring(async () => {
      results = await Promise.allSettled([busy, ...others].map((t) => applyToCourse(t, String(popular._id))));
    });

    const [refusal, ...placed] = results;
    assert.equal(refusal?.status, 'rejected');
    const err = (refusal as PromiseRejectedResult).reason as FormError;
    assert.deepEqual([err.errors._form, err.params?.titleKo], ['enrollment.errors.clash', '오전 과정']);
    const outcomes = placed.map((r) => (r.status === 'fulfilled' ? r.value.status : 'refused'));
    assert.deepEqual([...outcomes].sort(), ['enrolled', 'enrolled', 'enrolled', 'waitlisted', 'waitlisted']);
    const seated = new Set(others.filter((_, i) => outcomes[i] === 'enrolled').map((t) => t.id));
    const readByTrainee = operations.filter(
      (o) => o.collection === 'enrollments' && isRead(o) && 'trainee' in o.filter,
    );
    assert.ok(
      readByTrainee.every((o) => seated.has(String(o.filter.trainee))),
      'only the seated are looked at one by one (after their write, for a race); the waitlisted never',
    );
    assert.equal(
      operations.filter(
        (o) => o.collection === 'enrollments' && isRead(o) && String(o.filter.course) === String(morning._id),
      ).length,
      1,
      'the overlapping course is read once for the whole crowd',
    );
  });

  it("refuses to approve an application when another course holds the trainee's time, and says which in the flash", async () => {
    const staffUser = await make.staff('postech');
    const trainee = await make.trainee();
    const approval = await at('09:00', '12:00', { approvalRequired: true });
    const pending = await make.enrollment(approval, trainee, 'pending');
    // Enrolled meanwhile at the same hour (here written directly, as a later session move could cause).
    await make.enrollment(
      await at('08:00', '10:00', { university: 'korea', title: { ko: '겹치는 과정', en: 'Overlapping course' } }),
      trainee,
      'enrolled',
    );
    assert.equal(
      (await refused(approveEnrollment(toActor(staffUser), String(pending._id)))).errors._form,
      'enrollment.errors.clash',
    );
    assert.equal((await Enrollment.findById(pending._id).lean())?.status, 'pending');

    const staff = await loginAgent(ctx.app, staffUser.email);
    await staff.agent
      .post(`/manage/enrollments/${String(pending._id)}/approve`)
      .type('form')
      .send({ _csrf: staff.csrf })
      .expect(303);
    const roster = html((await staff.agent.get(`/manage/courses/${String(approval._id)}/roster`).expect(200)).text);
    assert.match(
      roster('.flash').text(),
      new RegExp(escapeRegExp(`「겹치는 과정」 과정(${shownDate(monday)} 08:00–10:00)과 시간이 겹칩니다`)),
    );
  });

  it('tells the trainee on the course page, in Korean and in English', async () => {
    const trainee = await make.trainee();
    await make.enrollment(
      await at('09:00', '12:00', { title: { ko: '먼저 신청한 과정', en: 'Earlier course' } }),
      trainee,
      'enrolled',
    );
    const course = await at('09:30', '10:30');
    const { agent, csrf } = await loginAgent(ctx.app, trainee.email);
    const ko = await agent
      .post(`/courses/${String(course._id)}/enroll`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(422);
    assert.match(
      html(ko.text)('.form-errors').text(),
      new RegExp(escapeRegExp(`「먼저 신청한 과정」 과정(${shownDate(monday)} 09:00–12:00)과 시간이 겹칩니다`)),
    );
    const en = await agent
      .post(`/courses/${String(course._id)}/enroll?lang=en`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(422);
    assert.match(
      html(en.text)('.form-errors').text(),
      new RegExp(escapeRegExp(`clash with “Earlier course” (${shownDate(monday, 'en')} 09:00–12:00)`)),
    );
  });

  it("lets exactly one of two racing applications for clashing courses hold the trainee's time", async function () {
    this.timeout(60_000);
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async () => [await at('09:00', '12:00'), await at('10:00', '13:00')] as const),
    );
    const trainees = await Promise.all(pairs.map(() => make.trainee()));
    const answers = await Promise.allSettled(
      pairs.flatMap(([a, b], i) => [a, b].map((c) => applyToCourse(toActor(trainees[i]!), String(c._id)))),
    );
    assert.ok(
      answers.every(
        (r) =>
          r.status === 'fulfilled' ||
          (r.reason instanceof FormError && r.reason.errors._form === 'enrollment.errors.clash'),
      ),
    );
    let kept = 0;
    for (const [i, [a, b]] of pairs.entries()) {
      const holding = await Enrollment.find({ trainee: trainees[i]!._id, status: { $in: timeHoldingStatuses } }).lean();
      assert.equal(holding.length, 1, `trainee ${i} holds ${holding.length} of two clashing courses`);
      kept += holding.length;
      const seats = (await Seat.countDocuments({ course: a._id })) + (await Seat.countDocuments({ course: b._id }));
      assert.equal(seats, holding.length, 'a declined application gives its seat back');
    }
    assert.equal(kept, 12);
  });
});
