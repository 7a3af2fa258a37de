import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { MailMessage } from '../../../models/mail-message';
import { Notification } from '../../../models/notification';
import { Seat } from '../../../models/seat';
import { toActor } from '../../../server/services/accounts/auth';
import { applyToCourse } from '../../../server/services/applications/apply';
import { decideMany } from '../../../server/services/applications/bulk-decide';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';
import { useMail } from '../../support/mail';

describe('bulk decisions on a roster', () => {
  const ctx = useTestApp();
  const mail = useMail(ctx);
  let staff: ReturnType<typeof toActor>;

  before(async () => {
    staff = toActor(await make.staff('postech'));
  });
  beforeEach(() => MailMessage.deleteMany({}));

  it('approves each selected application by the single-decision rules, reports every row, and passes the reason to each trainee in their language', async () => {
    const course = await make.course({
      university: 'postech',
      approvalRequired: true,
      capacity: 2,
      title: { ko: '셀 공정 실습', en: 'Cell process lab' },
    });
    const ko = await make.trainee({ name: '김승인', locale: 'ko' });
    const en = await make.trainee({ name: 'Jane Approved', locale: 'en' });
    const queued = await make.trainee({ name: '박대기' });
    const pendingKo = await applyToCourse(toActor(ko), String(course._id));
    const pendingEn = await applyToCourse(toActor(en), String(course._id));
    const waitlisted = await applyToCourse(toActor(queued), String(course._id));
    assert.deepEqual([pendingKo.status, pendingEn.status, waitlisted.status], ['pending', 'pending', 'waitlisted']);

    const report = await decideMany(staff, String(course._id), {
      action: 'approve',
      ids: [pendingKo.enrollmentId, pendingEn.enrollmentId, waitlisted.enrollmentId],
      reason: '첫 수업 30분 전까지 오세요 <b>꼭</b>',
    });

    assert.equal(report.done, 2);
    assert.deepEqual(report.skipped, [{ reason: 'enrollment.errors.notInState', count: 1 }]);
    assert.deepEqual(
      report.rows.map((r) => [r.name, r.done]),
      [
        ['김승인', true],
        ['Jane Approved', true],
        ['박대기', false],
      ],
    );
    assert.equal((await Enrollment.findById(waitlisted.enrollmentId).lean())?.status, 'waitlisted');
    assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'enrolled' }), 2);
    const audits = await AuditEvent.find({ action: 'enrollment.approve', 'meta.reason': { $exists: true } }).lean();
    assert.equal(audits.filter((a) => a.university && String(a.university) === String(course.university)).length, 2);

    const delivered = await mail.deliver();
    assert.equal(delivered.length, 2);
    const korean = mail.lastTo(ko.email)!;
    assert.match(korean.subject, /「셀 공정 실습」 신청이 승인되었습니다/);
    assert.match(korean.text, /담당자 메모: 첫 수업 30분 전까지 오세요 <b>꼭<\/b>/);
    assert.match(
      korean.html,
      /첫 수업 30분 전까지 오세요 &lt;b&gt;꼭&lt;\/b&gt;/,
      'the reason is escaped in the HTML part',
    );
    assert.match(mail.lastTo(en.email)!.text, /Note from the staff: 첫 수업/);
    assert.equal(await Notification.countDocuments({ user: queued._id, kind: 'approved' }), 0);
  });

  it('never seats more than the capacity: approving more applications than seats left approves only as many as fit, even when two staff do it at once', async () => {
    const course = await make.course({ university: 'postech', approvalRequired: true, capacity: 3 });
    await make.enrollment(course, await make.trainee());
    // Applications that hold no seat yet (written before pending applications held one, or imported).
    const pending = [];
    for (let i = 0; i < 4; i++) pending.push(await make.enrollment(course, await make.trainee(), 'pending'));
    const ids = pending.map((e) => String(e._id));
    const other = toActor(await make.staff('postech'));

    const reports = await Promise.all([
      decideMany(staff, String(course._id), { action: 'approve', ids }),
      decideMany(other, String(course._id), { action: 'approve', ids }),
    ]);

    assert.equal(await Seat.countDocuments({ course: course._id }), 3);
    assert.equal(await Enrollment.countDocuments({ course: course._id, status: 'enrolled' }), 3);
    assert.equal(reports[0]!.done + reports[1]!.done, 2, 'two seats were left');
    const reasons = reports.flatMap((r) => r.skipped.map((s) => s.reason));
    assert.ok(reasons.includes('enrollment.errors.courseFull'), reasons.join());
    const approved = new Set(
      (await Enrollment.find({ course: course._id, status: 'enrolled' }).lean()).map((e) => String(e._id)),
    );
    for (const id of ids.filter((i) => !approved.has(i))) {
      assert.equal((await Enrollment.findById(id).lean())?.status, 'pending');
      assert.equal(await Seat.countDocuments({ enrollment: id }), 0, 'a skipped row holds no seat');
      assert.equal(await EnrollmentEvent.countDocuments({ enrollment: id }), 0, 'a skipped row has no history step');
      assert.equal(await AuditEvent.countDocuments({ action: 'enrollment.approve', targetId: id }), 0);
    }
    const audited = await AuditEvent.find({ action: 'enrollment.approve' }).lean();
    assert.equal(audited.filter((a) => ids.includes(String(a.targetId))).length, 2);
  });

  it('rejects with a reason the trainee is told, and the freed seat goes to the first on the waitlist', async () => {
    const course = await make.course({ university: 'postech', approvalRequired: true, capacity: 1 });
    const rejected = await make.trainee({ locale: 'en' });
    const next = await make.trainee();
    const first = await applyToCourse(toActor(rejected), String(course._id));
    const second = await applyToCourse(toActor(next), String(course._id));

    const report = await decideMany(staff, String(course._id), {
      action: 'reject',
      ids: [first.enrollmentId],
      reason: 'Prerequisite course missing',
    });

    assert.equal(report.done, 1);
    assert.equal((await Enrollment.findById(first.enrollmentId).lean())?.status, 'rejected');
    assert.equal((await Enrollment.findById(second.enrollmentId).lean())?.status, 'pending');
    await mail.deliver();
    assert.match(mail.lastTo(rejected.email)!.text, /was not accepted\. Reason: Prerequisite course missing/);
    assert.equal(
      await Notification.countDocuments({ user: next._id, kind: 'promotedPending' }),
      1,
      'promoted to pending: awaits approval',
    );
  });

  it('leaves out ids of another course and answers 404 for another university', async () => {
    const course = await make.course({ university: 'postech', approvalRequired: true });
    const elsewhere = await make.enrollment(
      await make.course({ university: 'postech' }),
      await make.trainee(),
      'pending',
    );
    const report = await decideMany(staff, String(course._id), { action: 'approve', ids: [String(elsewhere._id)] });
    assert.deepEqual(report.rows, []);
    assert.equal((await Enrollment.findById(elsewhere._id).lean())?.status, 'pending');
    const korea = await make.course({ university: 'korea' });
    await assert.rejects(decideMany(staff, String(korea._id), { action: 'approve', ids: [] }), { status: 404 });
  });
});
