import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';
import { completedCertificate } from '../../support/finished-course';
import { getCertificate, verifyCertificate } from '../../../server/services/certificates/records';

describe('certificate records', () => {
  useTestApp();

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
