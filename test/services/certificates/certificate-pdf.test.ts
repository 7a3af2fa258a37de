import assert from 'node:assert/strict';
import { Certificate } from '../../../models/certificate';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { useTestApp } from '../../support/app';
import { actorOf, days, make } from '../../support/factories';
import { renderCertificatePdf } from '../../../server/services/certificates/certificate-pdf';
import { pdfText } from '../../support/documents';

describe('the certificate PDF', () => {
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
