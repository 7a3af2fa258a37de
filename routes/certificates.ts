import { Router } from 'express';
import { requireLogin } from '../server/auth/guards';
import type { SecretAddress } from '../server/lib/secret-address';
import { certificateExtras, type CertificateLook } from '../server/services/certificates/document';
import { renderCertificatePdf, verifyUrl } from '../server/services/certificates/certificate-pdf';
import { getCertificate, mayRevoke, verifyCertificate } from '../server/services/certificates/records';

const verifyPath = '/verify/:code';

/** A verification code shows a person's name and course to whoever holds it: kept out of logs. */
export const certificateSecretAddresses: SecretAddress[] = [{ path: verifyPath, params: ['code'] }];

/**
 * GET /verify/:code is public and shows five facts only. GET /certificates/:number (and .pdf)
 * is for the certificate's owner, its university's staff and city staff; others get 404.
 */
export function certificateRoutes(look: CertificateLook): Router {
  const router = Router();

  router.get(verifyPath, async (req, res) => {
    const verification = await verifyCertificate(req.params.code);
    res
      .status(verification.state === 'unknown' ? 404 : 200)
      .render('certificates/verify', { title: req.t('certificates.verify.title'), verification });
  });

  router.get('/certificates/:number.pdf', requireLogin, async (req, res) => {
    const certificate = await getCertificate(req.user!, String(req.params.number));
    const pdf = await renderCertificatePdf(certificate, look);
    res.attachment(`${certificate.number}.pdf`).type('application/pdf').send(pdf);
  });

  router.get('/certificates/:number', requireLogin, async (req, res) => {
    const certificate = await getCertificate(req.user!, String(req.params.number));
    res.render('certificates/show', {
      title: req.t('certificates.title'),
      certificate,
      ...(await certificateExtras(certificate, look)),
      canRevoke: mayRevoke(req.user!, certificate),
      verifyUrl: verifyUrl(look.baseUrl, certificate.code),
    });
  });

  return router;
}
