import assert from 'node:assert/strict';
import { copiesSettled } from '../../../server/services/copies/changes';
import { Certificate } from '../../../models/certificate';
import { Course } from '../../../models/course';
import { CourseFigures } from '../../../models/course-figures';
import { Enrollment } from '../../../models/enrollment';
import { User } from '../../../models/user';
import { courseToValues, parseCourseForm, toCourseInput } from '../../../server/forms/course-form';
import { revokeCertificate } from '../../../server/services/certificates/records';
import { buildCityDashboard } from '../../../server/services/city/dashboard';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { cancelCourse } from '../../../server/services/courses/lifecycle';
import { updateCourse } from '../../../server/services/courses/manage';
import { applyToCourse } from '../../../server/services/applications/apply';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { updateProfile } from '../../../server/services/accounts/profile';
import {
  loadFigureRows,
  rebuildAllCourseFigures,
  refreshCourseFigures,
} from '../../../server/services/copies/course-figures';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { actorOf, dayFromNow, days, make } from '../../support/factories';

/** A course's counted enrollments as the facts say now, joined the slow way (users by id), independently of the read model. */
async function live(courseId: unknown) {
  const course = await Course.findById(courseId).lean();
  assert.ok(course);
  const last =
    course.sessions
      .map((s) => s.date)
      .sort()
      .at(-1) ?? '';
  const quarter = `${last.slice(0, 4)}-Q${Math.ceil(Number(last.slice(5, 7)) / 3)}`;
  if (!['published', 'closed', 'completed'].includes(course.status)) return [];
  // A withdrawal counts only after the course has started (a dropout).
  const enrollments = (
    await Enrollment.find({
      course: course._id,
      status: { $in: ['enrolled', 'completed', 'not_completed', 'withdrawn'] },
    }).lean()
  ).filter(
    (e) => e.status !== 'withdrawn' || (!!e.withdrawnAt && !!course.startsAt && e.withdrawnAt >= course.startsAt),
  );
  const users = new Map(
    (await User.find({ _id: { $in: enrollments.map((e) => e.trainee) } }).lean()).map((u) => [String(u._id), u]),
  );
  return enrollments
    .map((e) => {
      const u = users.get(String(e.trainee));
      return {
        trainee: String(e.trainee),
        status: e.status,
        category: u?.trainee?.category ?? 'unknown',
        resident: !!u?.trainee?.pohangResident,
        name: u?.trainee?.namedReportingConsent ? u.name : '',
        quarter,
        hours: course.totalHours,
        code: course.code,
      };
    })
    .sort((a, b) => a.trainee.localeCompare(b.trainee));
}

async function stored(courseId: unknown) {
  return (await loadFigureRows({ courseId: String(courseId) }))
    .map((r) => ({
      trainee: r.traineeId,
      status: r.status,
      category: r.category,
      resident: r.resident,
      name: r.traineeName,
      quarter: r.quarter,
      hours: r.hours,
      code: r.courseCode,
    }))
    .sort((a, b) => a.trainee.localeCompare(b.trainee));
}

/** The figures once the refreshes that follow the answers have run (copies/changes.ts). */
async function assertCurrent(courseId: unknown, message: string) {
  await copiesSettled();
  assert.deepEqual(await stored(courseId), await live(courseId), message);
}

describe('course figures read model', () => {
  const ctx = useTestApp();

  it('follows apply, withdraw, a profile change (category, residency, consent) and a course edit', async () => {
    const staff = await actorOf(await make.staff('postech'));
    const course = await make.course({ capacity: 5, days: [dayFromNow(30), dayFromNow(31)] });
    const people = [
      await make.trainee({ name: '가동의', consent: true, category: 'student' }),
      await make.trainee({ name: '나비동의', consent: false }),
      await make.trainee({ name: '다동의', consent: true }),
    ];
    const applied = [];
    for (const p of people) applied.push(await applyToCourse(await actorOf(p), String(course._id)));
    await assertCurrent(course._id, 'after applying');
    assert.equal((await stored(course._id)).length, 3);

    await withdrawEnrollment(await actorOf(people[1]!), applied[1]!.enrollmentId);
    await assertCurrent(course._id, 'after a withdrawal');

    const first = people[0]!;
    await updateProfile(await actorOf(first), {
      name: '가새이름',
      locale: 'ko',
      trainee: { category: 'employee', affiliation: '포항', pohangResident: false, consent: false, followUp: false },
    });
    await assertCurrent(course._id, 'after the trainee changed category, residency and withdrew consent');
    assert.ok(!(await stored(course._id)).some((r) => r.name === '가새이름' || r.name === '가동의'));

    const form = parseCourseForm({
      ...courseToValues(course.toObject()),
      sessions: [{ id: '', date: '2027-02-01', start: '09:00', end: '13:30', topic: '개론' }],
    });
    assert.ok(form.ok);
    await updateCourse(staff, String(course._id), toCourseInput(form.data));
    await assertCurrent(course._id, 'after moving the course to another quarter with other hours');
    assert.deepEqual([...new Set((await stored(course._id)).map((r) => `${r.quarter} ${r.hours}`))], ['2027-Q1 4.5']);

    await cancelCourse(staff, String(course._id), 'test reason');
    await copiesSettled();
    assert.equal(await CourseFigures.countDocuments({ _id: course._id }), 0, 'a cancelled course counts for no period');
  });

  it('follows completion, and a revoked certificate makes the completion a non-completion', async () => {
    const staff = await actorOf(await make.staff('korea'));
    const course = await make.course({ university: 'korea', status: 'closed', days: days('2026-05-04', 2) });
    const [a, b] = [await make.trainee({ consent: true }), await make.trainee()];
    const ea = await make.enrollment(course, a!);
    await make.enrollment(course, b!);
    await commitCompletion(staff, String(course._id), {
      [String(ea._id)]: { outcome: 'completed', reason: '보충 수업 이수' },
    });
    await assertCurrent(course._id, 'after completion');
    assert.deepEqual((await stored(course._id)).map((r) => r.status).sort(), ['completed', 'not_completed']);
    const certificate = await Certificate.findOne({ enrollment: ea._id }).lean();
    assert.ok(certificate);
    await revokeCertificate(staff, certificate.number, '출석 기록 오류');
    await copiesSettled();
    assert.deepEqual(
      (await stored(course._id)).map((r) => r.status),
      ['not_completed', 'not_completed'],
    );
    await assertCurrent(course._id, 'after revoking');
  });

  it('converges when refreshes race with changes, and repairs a stale document', async () => {
    const course = await make.course({ status: 'closed', days: days('2026-03-02', 2) });
    const enrollments = [];
    for (let i = 0; i < 6; i++) enrollments.push(await make.enrollment(course, await make.trainee()));
    // Writes that bypass the hooks, each racing several refreshes of the course.
    await Promise.all([
      ...enrollments.map(async (e, i) => {
        await Enrollment.updateOne({ _id: e._id }, { $set: { status: i % 2 ? 'withdrawn' : 'completed' } });
        await refreshCourseFigures(course._id);
      }),
      refreshCourseFigures(course._id),
      refreshCourseFigures(course._id),
    ]);
    await assertCurrent(course._id, 'after racing refreshes');
    await CourseFigures.updateOne({ _id: course._id }, { $set: { rows: '[]', hours: 0 } });
    await refreshCourseFigures(course._id);
    await assertCurrent(course._id, 'a stale document is rewritten');
    await CourseFigures.deleteMany({});
    assert.ok((await rebuildAllCourseFigures()) >= 1);
    await assertCurrent(course._id, 'after a rebuild of everything');
  });

  it('never serves a cached dashboard figure once the figures that follow a change are stored', async () => {
    const city = await actorOf(await make.cityStaff());
    const course = await make.course({ university: 'uiduk', days: [dayFromNow(40)] });
    const before = (await buildCityDashboard(city, { university: 'uiduk' })).totals.enrollments;
    assert.equal(
      (await buildCityDashboard(city, { university: 'uiduk' })).totals.enrollments,
      before,
      'served from the cache',
    );
    const { enrollmentId } = await applyToCourse(await actorOf(await make.trainee()), String(course._id));
    await copiesSettled();
    assert.equal((await buildCityDashboard(city, { university: 'uiduk' })).totals.enrollments, before + 1);
    const trainee = await Enrollment.findById(enrollmentId).lean();
    await withdrawEnrollment(await actorOf({ _id: trainee?.trainee }), enrollmentId);
    await copiesSettled();
    // Withdrawn before the course started: no longer an enrollment, and not a dropout either.
    const after = (await buildCityDashboard(city, { university: 'uiduk' })).totals;
    assert.equal(after.enrollments, before);
    assert.equal(after.withdrawn, 0);
  });

  it('streams the exports: chunked, no Content-Length, the same rows', async () => {
    const course = await make.course({
      university: 'handong',
      status: 'closed',
      code: 'STREAM-1',
      days: days('2026-11-02', 2),
    });
    await make.enrollment(course, await make.trainee({ name: '스트림동의', consent: true }), 'completed');
    await make.enrollment(course, await make.trainee({ name: '스트림비동의', consent: false }), 'withdrawn');
    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const csv = await city.agent.get('/city/export.csv?university=handong').expect(200);
    assert.equal(csv.headers['content-length'], undefined);
    assert.equal(csv.headers['transfer-encoding'], 'chunked');
    assert.ok(csv.text.startsWith('\uFEFF대학,분기,과정 코드'));
    const lines = csv.text.trim().split('\r\n').slice(1);
    assert.deepEqual(
      lines.map((l) => l.split(',').slice(0, 3).join(',')),
      ['한동대학교,2026-Q4,STREAM-1', '한동대학교,2026-Q4,STREAM-1'],
    );
    assert.ok(csv.text.includes('스트림동의') && !csv.text.includes('스트림비동의'));
    const xlsx = await city.agent.get('/city/export.xlsx?university=handong').buffer(true).expect(200);
    assert.equal(xlsx.headers['content-length'], undefined);
    assert.equal(xlsx.headers['transfer-encoding'], 'chunked');
  });
});
