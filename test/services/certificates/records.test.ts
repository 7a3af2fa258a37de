import assert from 'node:assert/strict';
import { Certificate } from '../../../models/certificate';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { useTestApp } from '../../support/app';
import { actorOf, days, make } from '../../support/factories';
import { getCertificate, verifyCertificate } from '../../../server/services/certificates/records';

describe('certificate records', () => {
  useTestApp();

  async function finishedCourse(rule = {}) {
    return make.course({
      status: 'closed',
      days: days('2026-08-03', 10),
      completionRule: rule,
      title: { ko: '이차전지 셀 공정 실무', en: 'Battery cell process practice' },
    });
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
});
