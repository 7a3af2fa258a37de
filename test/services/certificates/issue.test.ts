import assert from 'node:assert/strict';
import { Certificate } from '../../../models/certificate';
import { NumberHint } from '../../../models/number-hint';
import { University } from '../../../models/university';
import { issueCertificate } from '../../../server/services/certificates/issue';
import { useTestApp } from '../../support/app';
import { days, make } from '../../support/factories';

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
