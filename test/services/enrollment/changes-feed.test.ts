import assert from 'node:assert/strict';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { JobClaim } from '../../../models/job-claim';
import { User } from '../../../models/user';
import { toActor } from '../../../server/services/accounts/auth';
import { anonymiseTrainee } from '../../../server/services/accounts/anonymise';
import {
  changesAfter,
  settleMs,
  type FeedPosition,
  type FeedRecord,
  type FeedScope,
} from '../../../server/services/enrollment/changes-feed';
import { applyToCourse } from '../../../server/services/applications/apply';
import { changesFeedKeys } from '../../../server/db/migrations/003-changes-feed-keys';
import { runMigration } from '../../../server/db/migrations';
import {
  approveEnrollment,
  rejectEnrollment,
  withdrawEnrollment,
} from '../../../server/services/applications/application-decide';
import { useTestApp } from '../../support/app';
import { useClock } from '../../support/clock';
import { dayFromNow, make } from '../../support/factories';

/** Reads the whole feed from `after`, page by page, as a consumer would. */
async function readAll(scope: FeedScope, after: FeedPosition | undefined, limit: number) {
  const records: FeedRecord[] = [];
  let position = after;
  for (let pages = 1; ; pages++) {
    const page = await changesAfter(scope, position, limit);
    assert.ok(page.records.length <= limit);
    records.push(...page.records);
    position = page.next;
    if (!page.more) return { records, position, pages };
    assert.ok(pages < 100, 'the feed never ended');
  }
}

/** The copy a consumer keeps: each enrollment's course, trainee and status, from the records alone. */
function applyRecords(copy: Map<string, { course: string; trainee: string; status: string }>, records: FeedRecord[]) {
  for (const r of records) {
    if (r.kind !== 'enrollment') continue;
    if (r.from === null) {
      assert.ok(r.trainee, `the record creating ${r.enrollment} names its trainee`);
      copy.set(r.enrollment, { course: r.course, trainee: r.trainee, status: r.to });
    } else {
      const known = copy.get(r.enrollment);
      assert.ok(known, `a status step of ${r.enrollment} came before its creation`);
      assert.equal(known.status, r.from, `the step of ${r.enrollment} starts where the copy stands`);
      known.status = r.to;
    }
  }
}

async function source(courses: string[]) {
  const rows = await Enrollment.find({ course: { $in: courses } }, { course: 1, trainee: 1, status: 1 }).lean();
  return new Map(
    rows.map((e) => [String(e._id), { course: String(e.course), trainee: String(e.trainee), status: e.status }]),
  );
}

describe('the changes feed of enrollments', () => {
  useTestApp();
  const clock = useClock();

  it('rebuilds a copy equal to the enrollments after applications, decisions, withdrawals and an anonymisation, read in small pages', async () => {
    const before = await readAll({}, undefined, 50);
    const course = await make.course({ capacity: 2 });
    const approval = await make.course({ approvalRequired: true, university: 'knu', days: [dayFromNow(40)] });
    const trainees = await Promise.all([1, 2, 3, 4].map(() => make.trainee()));
    const actors = await Promise.all(trainees.map((t) => toActor(t)));
    const applied = [];
    for (const actor of actors) applied.push(await applyToCourse(actor, String(course._id)));
    const pending = [];
    for (const actor of actors.slice(0, 2)) pending.push(await applyToCourse(actor, String(approval._id)));
    const staff = toActor(await make.staff('knu'));
    await approveEnrollment(staff, String(pending[0]!.enrollmentId));
    await rejectEnrollment(staff, String(pending[1]!.enrollmentId), 'full');
    // A withdrawal seats the first on the waitlist.
    await withdrawEnrollment(actors[0]!, String(applied[0]!.enrollmentId));
    const leaver = trainees[3]!;
    await withdrawEnrollment(actors[3]!, String(applied[3]!.enrollmentId));
    assert.ok(await anonymiseTrainee(leaver._id, { reason: 'closed' }));

    const young = await readAll({}, before.position, 3);
    assert.equal(young.records.length, 0, 'records younger than the settling time are not served yet');
    clock.advance(settleMs + 1);
    const read = await readAll({}, before.position, 3);
    assert.ok(read.pages > 3, `read in ${read.pages} pages`);
    const copy = new Map<string, { course: string; trainee: string; status: string }>();
    applyRecords(copy, read.records);
    assert.deepEqual(copy, await source([String(course._id), String(approval._id)]));
    const anonymised = read.records.filter((r) => r.kind === 'anonymised');
    assert.deepEqual(
      anonymised.map((r) => r.trainee),
      [String(leaver._id)],
    );
    const steps = read.records.filter((r) => r.kind === 'enrollment');
    assert.equal(steps.length, await EnrollmentEvent.countDocuments({ course: { $in: [course._id, approval._id] } }));
    assert.deepEqual(
      read.records.map((r) => r.at.getTime()),
      read.records.map((r) => r.at.getTime()).sort((a, b) => a - b),
      'in the order they happened',
    );

    const again = await readAll({}, read.position, 3);
    assert.equal(again.records.length, 0, 'a reader that caught up reads nothing twice');
  });

  it("shows a university's token only its own courses and the anonymisations of their trainees", async () => {
    const start = (await readAll({}, undefined, 100)).position;
    const ours = await make.course({ university: 'postech' });
    const theirs = await make.course({ university: 'knu', days: [dayFromNow(40)] });
    const both = await make.trainee();
    const elsewhere = await make.trainee();
    const mine = await applyToCourse(toActor(both), String(ours._id));
    await applyToCourse(toActor(both), String(theirs._id));
    const other = await applyToCourse(toActor(elsewhere), String(theirs._id));
    await withdrawEnrollment(toActor(both), String(mine.enrollmentId));
    await withdrawEnrollment(toActor(elsewhere), String(other.enrollmentId));
    assert.ok(await anonymiseTrainee(elsewhere._id, { reason: 'closed' }));
    clock.advance(settleMs + 1);

    const postech = String(ours.university);
    const read = await readAll({ university: postech }, start, 2);
    const steps = read.records.filter((r) => r.kind === 'enrollment');
    assert.ok(steps.every((r) => r.course !== String(theirs._id)));
    assert.deepEqual(
      steps.filter((r) => r.course === String(ours._id)).map((r) => [r.course, r.from, r.to]),
      [
        [String(ours._id), null, 'enrolled'],
        [String(ours._id), 'enrolled', 'withdrawn'],
      ],
    );
    assert.ok(
      read.records.every((r) => r.kind !== 'anonymised' || r.trainee !== String(elsewhere._id)),
      'a trainee who never applied to the university is not named to it',
    );
  });

  it('reads on from a position before the first record, and answers a position in the future with nothing', async () => {
    const course = await make.course();
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    clock.advance(settleMs + 1);
    const fromLongAgo = await changesAfter({}, { day: '1900-01-01', at: 0, id: '' }, 500);
    assert.ok(fromLongAgo.records.some((r) => r.kind === 'enrollment' && r.course === String(course._id)));
    const future = { day: '2999-01-01', at: Date.parse('2999-01-01'), id: '' };
    const fromFuture = await changesAfter({}, future, 500);
    assert.deepEqual(fromFuture, { records: [], next: future, more: false });
  });

  it('gives the history and anonymisations recorded before the feed existed its keys, once', async () => {
    const course = await make.course();
    const trainee = await make.trainee();
    const enrollment = await make.enrollment(course, trainee);
    await JobClaim.deleteOne({ _id: 'changes-feed-keys-backfill' });
    const { insertedId } = await EnrollmentEvent.collection.insertOne({
      enrollment: enrollment._id,
      seq: 1,
      from: null,
      to: 'enrolled',
      at: new Date('2025-12-31T16:30:00Z'),
    });
    await User.collection.updateOne(
      { _id: trainee._id },
      { $set: { anonymisedAt: new Date('2026-03-01T15:10:00Z') }, $unset: { anonymisedMonth: '' } },
    );
    assert.equal(await runMigration(changesFeedKeys), 2);
    const event = await EnrollmentEvent.findById(insertedId).lean();
    assert.deepEqual(
      [event?.day, String(event?.course), String(event?.trainee)],
      ['2026-01-01', String(course._id), String(trainee._id)],
    );
    assert.equal((await User.findById(trainee._id).lean())?.anonymisedMonth, '2026-03');
    await EnrollmentEvent.collection.insertOne({ enrollment: enrollment._id, seq: 2, to: 'withdrawn', at: new Date() });
    assert.equal(await runMigration(changesFeedKeys), 0, 'a finished backfill does not scan again');
  });
});
