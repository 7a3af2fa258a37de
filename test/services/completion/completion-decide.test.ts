import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { EnrollmentEvent } from '../../../models/enrollment-event';
import { NumberHint } from '../../../models/number-hint';
import { University } from '../../../models/university';
import { findActor } from '../../../server/services/accounts/auth';
import { issueCertificate } from '../../../server/services/certificates/issue';
import { renderCertificatePdf } from '../../../server/services/certificates/certificate-pdf';
import { getCertificate, verifyCertificate } from '../../../server/services/certificates/records';
import { commitCompletion, previewCompletion } from '../../../server/services/completion/completion-decide';
import { useTestApp } from '../../support/app';
import { pdfText } from '../../support/documents';
import { actorOf, days, make } from '../../support/factories';

describe('completion and certificates', () => {
  useTestApp();

  async function finishedCourse(rule = {}) {
    const course = await make.course({
      status: 'closed',
      days: days('2026-08-03', 10),
      completionRule: rule,
      title: { ko: '이차전지 셀 공정 실무', en: 'Battery cell process practice' },
    });
    return course;
  }

  /** A trainee who attended every session of a finished course, completed, and their certificate. */
  async function completedCertificate(name: string) {
    const course = await finishedCourse();
    const owner = await make.trainee({ name });
    const enrollment = await make.enrollment(course, owner);
    await make.marks(course, enrollment, Array(10).fill('present'));
    await commitCompletion(await actorOf(await make.staff('postech')), String(course._id), {});
    const cert = await Certificate.findOne({ enrollment: enrollment._id }).lean();
    assert.ok(cert);
    return { owner, cert };
  }

  it('decides at the edges of the rule, records overrides with their reason and issues one certificate each', async () => {
    const course = await finishedCourse({ assessmentRequired: true, passScore: 70 });
    const staff = await actorOf(await make.staff('postech'));
    const atMin = await make.trainee({ name: '김정확' });
    const under = await make.trainee({ name: '이부족' });
    const lowScore = await make.trainee({ name: '박점수' });
    const eAt = await make.enrollment(course, atMin);
    const eUnder = await make.enrollment(course, under);
    const eLow = await make.enrollment(course, lowScore);
    await make.marks(course, eAt, [...Array(5).fill('present'), 'late', 'late', 'excused', 'absent', 'absent']);
    await make.marks(course, eUnder, [...Array(5).fill('present'), 'late', 'late', 'late', 'absent', 'absent']);
    await make.marks(course, eLow, Array(10).fill('present'));
    await Enrollment.updateOne({ _id: eAt._id }, { assessmentScore: 70 });
    await Enrollment.updateOne({ _id: eUnder._id }, { assessmentScore: 90 });
    await Enrollment.updateOne({ _id: eLow._id }, { assessmentScore: 69 });

    const preview = await previewCompletion(staff, String(course._id));
    const outcome = Object.fromEntries(preview.rows.map((r) => [r.name, [r.outcome, r.attendanceRate]]));
    assert.deepEqual(outcome['김정확'], ['completed', 0.8]);
    assert.deepEqual(outcome['이부족'], ['not_completed', 0.7]);
    assert.deepEqual(outcome['박점수'], ['not_completed', 1]);

    await assert.rejects(
      commitCompletion(staff, String(course._id), { [String(eLow._id)]: { outcome: 'completed', reason: ' ' } }),
      /completion.errors.reasonRequired/,
    );
    assert.equal(await EnrollmentEvent.countDocuments({}), 0, 'nothing written when a reason is missing');

    const overrides = { [String(eLow._id)]: { outcome: 'completed' as const, reason: '재평가 69.5점 반올림 인정' } };
    const [first, second] = await Promise.all([
      commitCompletion(staff, String(course._id), overrides),
      commitCompletion(staff, String(course._id), overrides),
    ]);
    assert.equal(first.decided + second.decided, 3);
    const statuses = Object.fromEntries(
      (await Enrollment.find({ course: course._id }).lean()).map((e) => [String(e._id), e.status]),
    );
    assert.deepEqual(
      [statuses[String(eAt._id)], statuses[String(eUnder._id)], statuses[String(eLow._id)]],
      ['completed', 'not_completed', 'completed'],
    );
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    assert.equal((await Course.findById(course._id).lean())?.status, 'completed');
    const override = await AuditEvent.findOne({ action: 'enrollment.completion_override', targetId: eLow._id }).lean();
    assert.equal((override?.meta as { reason: string }).reason, '재평가 69.5점 반올림 인정');
    assert.equal((await Enrollment.findById(eLow._id).lean())?.completion?.ruleOutcome, 'not_completed');

    // Posting "complete" again issues nothing more.
    await commitCompletion(staff, String(course._id), {});
    assert.equal(await Certificate.countDocuments({ course: course._id }), 2);
    const numbers = (await Certificate.find({ course: course._id }).lean()).map((c) => c.number);
    for (const n of numbers) assert.match(n, /^BTH-POSTECH-\d{4}-\d{6}$/);
    assert.equal(new Set(numbers).size, 2);
  });

  it('shows a certificate to its owner, its university staff and the city; 404 to others', async () => {
    const { owner, cert } = await completedCertificate('최수료');
    for (const user of [owner, await make.staff('postech'), await make.cityStaff()])
      assert.equal((await getCertificate(await actorOf(user), cert.number)).number, cert.number);
    for (const user of [await make.trainee(), await make.staff('korea')])
      await assert.rejects(getCertificate(await actorOf(user), cert.number), { status: 404 });
    assert.ok(cert.code.length >= 20);
    const check = await verifyCertificate(cert.code);
    assert.deepEqual(Object.keys(check).sort(), [
      'courseTitle',
      'hours',
      'issuedAt',
      'name',
      'state',
      'universityName',
    ]);
    assert.equal((await verifyCertificate('AAAAAAAAAAAAAAAAAAAAAA')).state, 'unknown');
  });

  it('renders a PDF whose text contains the Korean name and the course title', async () => {
    const { cert } = await completedCertificate('홍길순');
    const pdf = await renderCertificatePdf(cert, {
      baseUrl: 'https://bth.example',
      signatory: undefined,
      seal: undefined,
    });
    const text = pdfText(pdf);
    assert.match(text, /홍길순/);
    assert.match(text, /이차전지 셀 공정 실무/);
    assert.match(text, new RegExp(cert.number));
  });
});

describe('completion before the course is over', () => {
  useTestApp();

  it('is refused while the last session is still ahead', async () => {
    const course = await make.course({ status: 'published' });
    await make.enrollment(course, await make.trainee());
    const staff = await findActor(String((await make.staff('postech'))._id));
    assert.ok(staff);
    assert.equal((await previewCompletion(staff, String(course._id))).canComplete, false);
    await assert.rejects(commitCompletion(staff, String(course._id), {}), /completion.errors.notEnded/);
    assert.equal(await Certificate.countDocuments({}), 0);
  });
});

describe('certificate numbers under concurrency', () => {
  useTestApp();

  /** A finished course of `code` with `count` enrolled trainees, and a way to issue the i-th one's certificate. */
  async function finishedCourse(code: string, count: number) {
    const course = await make.course({ university: code, status: 'closed', days: days('2026-08-03', 2) });
    const university = await University.findOne({ code }).lean();
    assert.ok(university);
    const people = await Promise.all(
      Array.from({ length: count }, (_v, i) => make.trainee({ name: `수료${code}${i}` })),
    );
    const enrollments: Awaited<ReturnType<typeof make.enrollment>>[] = [];
    for (const p of people) enrollments.push(await make.enrollment(course, p));
    const issue = (i: number) =>
      issueCertificate(null, { enrollmentId: String(enrollments[i]!._id), course, trainee: people[i]!, university });
    return { course, enrollments, issue };
  }

  it('gives simultaneous issues distinct consecutive numbers, and one certificate per enrollment', async () => {
    const { course, enrollments, issue } = await finishedCourse('uiduk', 6);
    const issued = await Promise.all([...enrollments.keys(), 0, 1].map(issue));
    const numbers = issued.map((c) => c.number);
    assert.equal(new Set(numbers).size, 6);
    assert.equal(await Certificate.countDocuments({ course: course._id }), 6);
    const year = numbers[0]!.split('-')[2];
    assert.deepEqual(
      [...new Set(numbers)].sort(),
      [1, 2, 3, 4, 5, 6].map((n) => `BTH-UIDUK-${year}-00000${n}`),
    );
  });

  it('finds the next number when the remembered last number fell behind or is missing', async () => {
    const { issue } = await finishedCourse('yu', 3);
    const first = await issue(0);
    const series = first.number.slice(0, -6);
    await NumberHint.deleteOne({ _id: series });
    assert.equal((await issue(1)).number, `${series}000002`);
    await NumberHint.updateOne({ _id: series }, { $set: { last: 0 } });
    assert.equal((await issue(2)).number, `${series}000003`);
    assert.equal((await NumberHint.findById(series).lean())?.last, 3);
  });
});
