import { Router, type Request, type Response } from 'express';
import { completionSchema, revokeSchema } from '../../server/forms/completion-form';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import type { CertificateLook } from '../../server/services/certificates/document';
import { zipCertificates } from '../../server/services/certificates/certificate-pdf';
import {
  courseCertificates,
  getCertificate,
  mayRevoke,
  revocableCertificate,
  revokeCertificate,
} from '../../server/services/certificates/records';
import type { CertificateDoc } from '../../models/certificate';
import {
  commitCompletion,
  completionPlan,
  previewCompletion,
} from '../../server/services/completion/completion-decide';
import { isConfirmed, postedFields, renderConfirm, type Confirmation } from '../support/confirm';
import { flatten } from '../../server/lib/bilingual';

/** The completion page again, with what the refused form held and why it was refused (422). */
async function renderPreview(
  req: Request,
  res: Response,
  refused: { values: Record<string, unknown>; errors: Record<string, string>; params?: Record<string, string> },
) {
  const [preview, issued] = await Promise.all([
    previewCompletion(req.user!, String(req.params.id)),
    courseCertificates(req.user!, String(req.params.id)),
  ]);
  res.render('completion/preview', {
    title: req.t('completion.title'),
    preview,
    certificates: issued.certificates,
    values: refused.values,
    errors: refused.errors,
    errorParams: refused.params,
  });
}

/** The certificate page again, with the refused revocation form (422). */
async function renderCertificate(
  req: Request,
  res: Response,
  refused: { values: Record<string, unknown>; errors: Record<string, string> },
) {
  const certificate = await getCertificate(req.user!, String(req.params.number));
  res.render('certificates/show', {
    title: req.t('certificates.title'),
    certificate,
    canRevoke: mayRevoke(req.user!, certificate),
    values: refused.values,
    errors: refused.errors,
  });
}

/** Committing completion cannot be undone: each trainee's outcome, the overrules with their reasons, and the applications that close. */
function completionConfirmation(
  req: Request,
  plan: Awaited<ReturnType<typeof completionPlan>>,
  fields: [string, string][],
): Confirmation {
  const id = String(plan.course._id);
  const completed = plan.decided.filter((d) => d.outcome === 'completed').length;
  return {
    title: 'completion.confirm.title',
    effects: [
      { key: 'completion.confirm.course', params: flatten('title', plan.course.title) },
      { key: 'completion.confirm.outcomes', params: { completed, notCompleted: plan.decided.length - completed } },
      ...(plan.waiting ? [{ key: 'completion.confirm.waiting', params: { count: plan.waiting } }] : []),
    ],
    items: plan.decided.map((d) =>
      req.t(d.overridden ? 'completion.confirm.overruled' : 'completion.confirm.row', {
        name: d.name,
        outcome: req.t(`completion.outcome_${d.outcome}`),
        reason: d.reason,
      }),
    ),
    action: `/manage/courses/${id}/complete`,
    fields,
    button: 'completion.commit',
    back: `/manage/courses/${id}/complete`,
  };
}

/** Revoking cannot be undone: whose certificate, for which course, and the reason given. */
function revokeConfirmation(certificate: CertificateDoc): Confirmation {
  const { number, traineeName, courseTitle } = certificate;
  return {
    title: 'certificates.revokeConfirm.title',
    effects: [
      {
        key: 'certificates.revokeConfirm.what',
        params: { number, name: traineeName, ...flatten('title', courseTitle) },
      },
      { key: 'certificates.revokeConfirm.effect' },
    ],
    action: `/manage/certificates/${encodeURIComponent(number)}/revoke`,
    fields: [],
    reason: { label: 'certificates.revokeReason', required: true },
    button: 'certificates.revoke',
    back: `/certificates/${encodeURIComponent(number)}`,
  };
}

/** Completion review and commit, the course's certificates as a zip, and revoking one. */
export function completionRoutes(certificateLook: CertificateLook): Router {
  const router = Router();

  router.get('/courses/:id/complete', async (req, res) => {
    const [preview, issued] = await Promise.all([
      previewCompletion(req.user!, req.params.id),
      courseCertificates(req.user!, req.params.id),
    ]);
    res.render('completion/preview', { title: req.t('completion.title'), preview, certificates: issued.certificates });
  });

  router.post('/courses/:id/complete', async (req, res) => {
    const form = parseForm(completionSchema, req.body);
    if (!isConfirmed(req)) {
      const plan = await submitForm(form, (overrides) => completionPlan(req.user!, req.params.id, overrides));
      if (!plan.ok) return renderPreview(req, res.status(422), plan);
      return renderConfirm(res, completionConfirmation(req, plan.value, postedFields(plan.values)));
    }
    const done = await submitForm(form, (overrides) => commitCompletion(req.user!, req.params.id, overrides));
    if (!done.ok) return renderPreview(req, res.status(422), done);
    flash(req, 'success', 'completion.done', { decided: done.value.decided, certificates: done.value.certificates });
    res.redirect(303, `/manage/courses/${req.params.id}/complete`);
  });

  router.get('/courses/:id/certificates.zip', async (req, res) => {
    const { course, certificates } = await courseCertificates(req.user!, req.params.id);
    const zip = await zipCertificates(certificates, certificateLook);
    res.attachment(`certificates-${course.code}.zip`).type('application/zip').send(zip);
  });

  router.post('/certificates/:number/revoke', async (req, res) => {
    const form = parseForm(revokeSchema, req.body);
    if (!isConfirmed(req)) {
      const check = await submitForm(form, () => revocableCertificate(req.user!, req.params.number));
      if (!check.ok) return renderCertificate(req, res.status(422), check);
      return renderConfirm(res, revokeConfirmation(check.value), { values: check.values });
    }
    const done = await submitForm(form, ({ reason }) => revokeCertificate(req.user!, req.params.number, reason));
    if (!done.ok) return renderCertificate(req, res.status(422), done);
    flash(req, 'success', 'certificates.revoked');
    res.redirect(303, `/certificates/${encodeURIComponent(req.params.number)}`);
  });

  return router;
}
