import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { Certificate, type CertificateDoc } from '../../../models/certificate';
import { certificateExtras, certificatePeriod, trainingPeriod } from '../../../server/services/certificates/document';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe("a certificate's document", () => {
  useTestApp();

  it('states the training period from the first to the last session day, whatever their order', () => {
    assert.deepEqual(trainingPeriod([{ date: '2026-08-10' }, { date: '2026-08-03' }, { date: '2026-08-05' }]), {
      from: '2026-08-03',
      to: '2026-08-10',
    });
    assert.equal(trainingPeriod([]), null);
    assert.equal(trainingPeriod(undefined), null);
  });

  it('takes the period recorded at issue, or for an older certificate its course’s sessions', async () => {
    assert.deepEqual(
      await certificatePeriod({ course: new Types.ObjectId(), periodFrom: '2026-01-05', periodTo: '2026-01-09' }),
      { from: '2026-01-05', to: '2026-01-09' },
    );
    const course = await make.course({ days: ['2026-09-01', '2026-09-03'] });
    assert.deepEqual(await certificatePeriod({ course: course._id, periodFrom: undefined, periodTo: undefined }), {
      from: '2026-09-01',
      to: '2026-09-03',
    });
  });

  it('adds the signatory line and the seal as a data URI only when configured', async () => {
    const c = new Certificate({
      course: new Types.ObjectId(),
      periodFrom: '2026-01-05',
      periodTo: '2026-01-09',
    }).toObject<CertificateDoc>();
    const none = await certificateExtras(c, { baseUrl: 'https://bth.example', signatory: undefined, seal: undefined });
    assert.equal(none.signature, undefined);
    const seal = { image: Buffer.from([1, 2, 3]), mime: 'image/png' as const };
    const both = await certificateExtras(c, { baseUrl: 'https://bth.example', signatory: '포항시장', seal });
    assert.deepEqual(both.signature, { line: '포항시장', sealUri: 'data:image/png;base64,AQID' });
    assert.deepEqual(both.period, { from: '2026-01-05', to: '2026-01-09' });
  });
});
