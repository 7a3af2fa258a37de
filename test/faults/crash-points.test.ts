import assert from 'node:assert/strict';
import { ActionIntent } from '../../models/action-intent';
import { AuditEvent } from '../../models/audit-event';
import { Course } from '../../models/course';
import { Notification } from '../../models/notification';
import { commitCompletion } from '../../server/services/completion/completion-decide';
import { Certificate } from '../../models/certificate';
import { Enrollment } from '../../models/enrollment';
import { Seat } from '../../models/seat';
import { PendingFactChange } from '../../models/pending-fact-change';
import { WaitlistEntry } from '../../models/waitlist-entry';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { checkData } from '../../server/services/integrity/run';
import { useTestApp } from '../support/app';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { Browser, formToken } from '../support/browser';
import { days, make } from '../support/factories';
import { signIn } from '../support/load';
import { useCheapPasswordHash } from '../support/parallel-agents';
import { RosterTrainee } from '../../models/roster-trainee';
import { User } from '../../models/user';

/**
 * Every step boundary of the write path (server/lib/crash-point.ts) is tried: an instance is
 * killed there in the middle of a real request, a fresh instance starts on the same database, and
 * what the killed one had begun must be finished, and `npm run check-data` find nothing amiss.
 */
describe('a crash at each step of a write', function () {
  this.timeout(300_000);
  const ctx = useTestApp();
  let uri: string;
  const env = { SESSION_SECRET: 'crash-point instances share this secret', LOG_LEVEL: 'warn' };

  before(() => {
    const url = new URL(process.env.TEST_MONGODB_URI!);
    url.pathname = `/${ctx.dbName}`;
    uri = url.href;
  });

  interface Scenario {
    point: string;
    /** Makes the records, acts through the instance that dies, and returns the check to run after recovery. */
    run(app: AppProcess): Promise<() => Promise<void>>;
  }

  async function signedIn(app: AppProcess, email: string): Promise<Browser> {
    const user = await User.findOne({ email }, { _id: 1 }).lean();
    await useCheapPasswordHash([user!._id]);
    const browser = new Browser(app.baseUrl, []);
    const log = browser.log;
    assert.ok(
      await signIn(browser, email),
      `${email} signs in: ${log.map((e) => `${e.status ?? e.error}`).join(', ')}`,
    );
    return browser;
  }

  /** A trainee applies through the instance, which dies at the point; afterwards they hold a seat. */
  const applying = (point: string): Scenario => ({
    point,
    async run(app) {
      const course = await make.course({ capacity: 2 });
      const trainee = await make.trainee();
      const browser = await signedIn(app, trainee.email);
      const page = await browser.get(`/courses/${String(course._id)}`);
      const key = /name="key" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(key, 'the apply form carries its key');
      const answer = await browser.post(`/courses/${String(course._id)}/enroll`, { _csrf: formToken(page)!, key });
      assert.equal(answer.status, undefined, `no answer from an instance killed at ${point}`);
      return async () => {
        const enrollment = await Enrollment.findOne({ course: course._id, trainee: trainee._id }).lean();
        assert.equal(enrollment?.status, 'enrolled', `${point}: the application was finished`);
        assert.equal(await Seat.countDocuments({ course: course._id, trainee: trainee._id }), 1);
      };
    },
  });

  /** The seated trainee withdraws through the instance, which dies; afterwards the waitlisted one has the seat. */
  const withdrawing = (point: string): Scenario => ({
    point,
    async run(app) {
      const course = await make.course({ capacity: 1 });
      const [seated, waiting] = [await make.trainee(), await make.trainee()];
      const held = await applyToCourse(toActor(seated), String(course._id));
      const queued = await applyToCourse(toActor(waiting), String(course._id));
      assert.equal(queued.status, 'waitlisted');
      const browser = await signedIn(app, seated.email);
      const page = await browser.get(`/courses/${String(course._id)}`);
      const answer = await browser.post(`/enrollments/${held.enrollmentId}/withdraw`, { _csrf: formToken(page)! });
      assert.equal(answer.status, undefined, `no answer from an instance killed at ${point}`);
      return async () => {
        assert.equal((await Enrollment.findById(held.enrollmentId).lean())?.status, 'withdrawn', point);
        assert.equal((await Enrollment.findById(queued.enrollmentId).lean())?.status, 'enrolled', point);
        const seats = await Seat.find({ course: course._id }).lean();
        assert.deepEqual(
          seats.map((s) => String(s.trainee)),
          [String(waiting._id)],
          `${point}: the freed seat went to the waitlist`,
        );
        assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
      };
    },
  });

  /**
   * Staff commit a completion through the instance, which dies at the point (after the statuses,
   * or after the certificates); committing again finishes it: the certificate, the course
   * completed, the unapproved application lapsed.
   */
  const completing = (point: string): Scenario => ({
    point,
    async run(app) {
      const course = await make.course({ status: 'closed', days: days('2026-08-10', 2) });
      const trainee = await make.trainee();
      const enrollment = await make.enrollment(course, trainee);
      const waiting = await make.enrollment(course, await make.trainee(), 'pending');
      await make.marks(course, enrollment, ['present', 'present']);
      const staff = await make.staff('postech');
      const browser = await signedIn(app, staff.email);
      const path = `/manage/courses/${String(course._id)}/complete`;
      const page = await browser.get(path);
      const answer = await browser.post(path, { _csrf: formToken(page)!, confirm: 'yes' });
      assert.equal(answer.status, undefined, `no answer from an instance killed at ${point}`);
      assert.equal((await Enrollment.findById(enrollment._id).lean())?.status, 'completed');
      assert.equal((await Course.findById(course._id).lean())?.status, 'closed', `${point}: killed before the course`);
      return async () => {
        const again = await signedIn(recovered, staff.email);
        const form = await again.get(path);
        assert.equal((await again.post(path, { _csrf: formToken(form)!, confirm: 'yes' })).status, 303);
        assert.equal(await Certificate.countDocuments({ enrollment: enrollment._id }), 1);
        assert.equal((await Course.findById(course._id).lean())?.status, 'completed');
        assert.equal((await Enrollment.findById(waiting._id).lean())?.status, 'lapsed');
      };
    },
  });

  /** Staff cancel a course of a seated and a waitlisted trainee through the instance, which dies; afterwards both are withdrawn and told once. */
  const cancelling = (point: string): Scenario => ({
    point,
    async run(app) {
      const course = await make.course({ capacity: 1 });
      const trainees = [await make.trainee(), await make.trainee()];
      for (const t of trainees) await applyToCourse(toActor(t), String(course._id));
      const staff = await make.staff('postech');
      const browser = await signedIn(app, staff.email);
      const page = await browser.get(`/manage/courses/${String(course._id)}/edit`);
      const answer = await browser.post(`/manage/courses/${String(course._id)}/cancel`, {
        _csrf: formToken(page)!,
        confirm: 'yes',
        reason: '강사 사정',
      });
      assert.equal(answer.status, undefined, `no answer from an instance killed at ${point}`);
      return async () => {
        assert.equal(
          (await Course.findById(course._id).lean())?.status,
          'cancelled',
          `${point}: the course is cancelled`,
        );
        const statuses = (await Enrollment.find({ course: course._id }).lean()).map((e) => e.status);
        assert.deepEqual(statuses, ['withdrawn', 'withdrawn'], `${point}: nothing stays open on it`);
        assert.equal(await Seat.countDocuments({ course: course._id }), 0);
        assert.equal(await WaitlistEntry.countDocuments({ course: course._id }), 0);
        const told = trainees.map((t) => Notification.countDocuments({ user: t._id, kind: 'cancelled' }));
        assert.deepEqual(await Promise.all(told), [1, 1], `${point}: each trainee is told once`);
        assert.equal(await AuditEvent.countDocuments({ action: 'course.cancel', targetId: course._id }), 1);
      };
    },
  });

  /** Staff revoke a certificate through the instance, which dies; afterwards it is revoked, audited and its holder told once. */
  const revoking = (point: string): Scenario => ({
    point,
    async run(app) {
      const course = await make.course({ status: 'closed', days: days('2026-08-10', 2) });
      const trainee = await make.trainee();
      await make.marks(course, await make.enrollment(course, trainee), ['present', 'present']);
      const staff = await make.staff('postech');
      await commitCompletion(toActor(staff), String(course._id), {});
      const certificate = (await Certificate.findOne({ trainee: trainee._id }).lean())!;
      const browser = await signedIn(app, staff.email);
      const path = `/manage/certificates/${certificate.number}/revoke`;
      const page = await browser.get(`/certificates/${certificate.number}`);
      const answer = await browser.post(path, { _csrf: formToken(page)!, reason: '출석 기록 오류', confirm: 'yes' });
      assert.equal(answer.status, undefined, `no answer from an instance killed at ${point}`);
      return async () => {
        const revoked = await Certificate.findById(certificate._id).lean();
        assert.ok(revoked?.revokedAt, `${point}: the certificate is revoked`);
        assert.equal(revoked.revokeReason, '출석 기록 오류');
        assert.equal((await Enrollment.findById(certificate.enrollment).lean())?.status, 'not_completed');
        assert.equal(await AuditEvent.countDocuments({ action: 'certificate.revoke', targetId: certificate._id }), 1);
        assert.equal(await Notification.countDocuments({ user: trainee._id, kind: 'certificateRevoked' }), 1);
      };
    },
  });

  /** A seated trainee renames themselves through the instance, which dies after the profile, before its copies: afterwards the roster shows the new name. */
  const renaming: Scenario = {
    point: 'copies.facts-written',
    async run(app) {
      const course = await make.course({ capacity: 2 });
      const trainee = await make.trainee({ category: 'employee' });
      await applyToCourse(toActor(trainee), String(course._id));
      const browser = await signedIn(app, trainee.email);
      const page = await browser.get('/me/profile');
      const form = { name: '새이름', locale: 'ko', category: 'employee', affiliation: '포스코' };
      const answer = await browser.post('/me/profile', { _csrf: formToken(page)!, ...form });
      assert.equal(answer.status, undefined, 'no answer from an instance killed before the copies');
      assert.equal((await User.findById(trainee._id).lean())?.name, '새이름');
      assert.notEqual(
        (await RosterTrainee.findOne({ trainee: trainee._id }).lean())?.name,
        '새이름',
        'the copy is stale',
      );
      return async () => {
        const row = await RosterTrainee.findOne({ trainee: trainee._id }).lean();
        assert.equal(row?.name, '새이름', 'the roster copy was refreshed on restart');
      };
    },
  };

  const allocation = [
    'allocate.places-written',
    'allocate.events-written',
    'allocate.enrollments-written',
    'allocate.facts-written',
    'allocate.outcomes-written',
  ];
  const scenarios: Scenario[] = [
    applying('apply.intent-written'),
    ...allocation.map(applying),
    ...allocation.map(withdrawing),
    completing('complete.statuses-written'),
    completing('complete.certificates-written'),
    cancelling('cancel.status-written'),
    cancelling('allocate.enrollments-written'),
    revoking('allocate.enrollments-written'),
    revoking('allocate.facts-written'),
    renaming,
  ];
  let recovered: AppProcess;

  it('finishes, after a restart, every action an instance was killed in the middle of', async () => {
    // Every instance is up before any acts: one starting later would resume the others' open
    // intents at start, and die at its own point before its scenario began.
    const apps: AppProcess[] = [];
    for (let i = 0; i < scenarios.length; i += 4)
      apps.push(
        ...(await Promise.all(
          scenarios.slice(i, i + 4).map((s) => startAppProcess(s.point, uri, { ...env, CRASH_AT: s.point })),
        )),
      );
    const checks = await Promise.all(
      scenarios.map(async (scenario, i) => {
        const check = await scenario.run(apps[i]!);
        const { signal } = await apps[i]!.exited;
        assert.equal(signal, 'SIGKILL', `${scenario.point}: the instance died there`);
        return check;
      }),
    );
    assert.ok((await ActionIntent.countDocuments()) > 0, 'the killed instances left work undone');

    // The new instance's start-time job takes over the dead instances' leases once they expire.
    recovered = await startAppProcess('recovered', uri, env);
    try {
      const unfinished = async () => (await ActionIntent.countDocuments()) + (await PendingFactChange.countDocuments());
      for (const deadline = Date.now() + 60_000; (await unfinished()) > 0;) {
        assert.ok(Date.now() < deadline, 'open intents and stale copies were resumed within a minute');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      for (const check of checks) await check();
      const report = await checkData({ repair: 'none', by: 'data_check' });
      assert.deepEqual(
        report.findings.map((f) => f.difference.text),
        [],
        'npm run check-data finds nothing',
      );
      assert.deepEqual(report.failures, []);
    } finally {
      await recovered.stop();
    }
  });
});
