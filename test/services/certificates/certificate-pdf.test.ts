import assert from 'node:assert/strict';
import { useTestApp } from '../../support/app';
import { completedCertificate } from '../../support/finished-course';
import { renderCertificatePdf } from '../../../server/services/certificates/certificate-pdf';
import { pdfText } from '../../support/documents';

describe('the certificate PDF', () => {
  useTestApp();

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
