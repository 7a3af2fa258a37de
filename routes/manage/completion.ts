import { Router } from 'express';
import { completionSchema, revokeSchema } from '../../server/forms/completion-form';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../../server/forms/submit';
import { flash } from '../../server/middleware/flash';
import { zipCertificates } from '../../server/services/certificates/pdf';
import {
  courseCertificates,
  getCertificate,
  mayRevoke,
  revokeCertificate,
} from '../../server/services/certificates/records';
import { commitCompletion, previewCompletion } from '../../server/services/completion/decide';

/** Completion review and commit, the course's certificates as a zip, and revoking one. */
export function completionRoutes(baseUrl: string): Router {
  const router = Router();

  router.get('/courses/:id/complete', async (req, res) => {
    const [preview, issued] = await Promise.all([
      previewCompletion(req.user!, req.params.id),
      courseCertificates(req.user!, req.params.id),
    ]);
    res.render('completion/preview', { title: req.t('completion.title'), preview, certificates: issued.certificates });
  });

  router.post('/courses/:id/complete', async (req, res) => {
    const done = await submitForm(parseForm(completionSchema, req.body), (overrides) =>
      commitCompletion(req.user!, req.params.id, overrides),
    );
    if (!done.ok) {
      const [preview, issued] = await Promise.all([
        previewCompletion(req.user!, req.params.id),
        courseCertificates(req.user!, req.params.id),
      ]);
      return res.status(422).render('completion/preview', {
        title: req.t('completion.title'),
        preview,
        certificates: issued.certificates,
        values: done.values,
        errors: done.errors,
      });
    }
    flash(req, 'success', 'completion.done', { decided: done.value.decided, certificates: done.value.certificates });
    res.redirect(303, `/manage/courses/${req.params.id}/complete`);
  });

  router.get('/courses/:id/certificates.zip', async (req, res) => {
    const { course, certificates } = await courseCertificates(req.user!, req.params.id);
    const zip = await zipCertificates(certificates, baseUrl);
    res.attachment(`certificates-${course.code}.zip`).type('application/zip').send(zip);
  });

  router.post('/certificates/:number/revoke', async (req, res) => {
    const done = await submitForm(parseForm(revokeSchema, req.body), ({ reason }) =>
      revokeCertificate(req.user!, req.params.number, reason),
    );
    if (!done.ok) {
      const certificate = await getCertificate(req.user!, req.params.number);
      return res.status(422).render('certificates/show', {
        title: req.t('certificates.title'),
        certificate,
        canRevoke: mayRevoke(req.user!, certificate),
        values: done.values,
        errors: done.errors,
      });
    }
    flash(req, 'success', 'certificates.revoked');
    res.redirect(303, `/certificates/${encodeURIComponent(req.params.number)}`);
  });

  return router;
}
